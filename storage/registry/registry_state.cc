#include "storage/registry/registry_state.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/registry/registry_keys.h"

namespace jiamei::storage {
namespace {

using absl::StatusCode;

const char* LevelWord(int32_t level) {
  switch (level) {
    case kLevelCounty:
      return "a county";
    case kLevelTownship:
      return "a township";
    default:
      return "a village";
  }
}

absl::Status NotFound(absl::string_view reason, const std::string& name) {
  return Refusal(StatusCode::kNotFound, reason,
                 absl::StrCat(name, " does not exist"));
}

absl::Status Conflict(absl::string_view reason, absl::string_view message) {
  return Refusal(StatusCode::kFailedPrecondition, reason, message);
}

// Reads a record that must exist: NOT_FOUND with `reason` otherwise.
template <typename Record>
absl::StatusOr<Record> Require(const Views& views, const std::string& key,
                               absl::string_view reason,
                               const std::string& name) {
  Record record;
  absl::StatusOr<bool> found = views.GetProto(Cf::kRegistry, key, &record);
  if (!found.ok()) return found.status();
  if (!*found) return NotFound(reason, name);
  return record;
}

}  // namespace

const std::vector<CareCategoryName>& BuiltInCareCategories() {
  static const auto* const kBuiltIn = new std::vector<CareCategoryName>{
      {"LEFT_BEHIND_CHILDREN", "留守儿童 left-behind children"},
      {"LEFT_BEHIND_WOMEN", "留守妇女 left-behind women"},
      {"ORPHAN", "孤儿 orphan"},
      {"SINGLE_PARENT", "单亲 single-parent"},
      {"ELDERLY_ALONE", "独居老人 elderly living alone"},
  };
  return *kBuiltIn;
}

bool IsBuiltInCareCategory(absl::string_view code) {
  const auto& built_in = BuiltInCareCategories();
  return std::any_of(built_in.begin(), built_in.end(),
                     [&](const CareCategoryName& c) { return code == c.code; });
}

std::string SearchTerm(absl::string_view text) {
  return absl::AsciiStrToLower(text);
}

std::vector<std::string> SearchTerms(const PersonFields& person) {
  std::vector<std::string> terms = {SearchTerm(person.full_name())};
  if (!person.phone().empty()) terms.push_back(person.phone());
  return terms;
}

void IndexAccount(const AccountOpening& opening, Views* views) {
  if (opening.unit() == 0) return;
  views->Put(
      Cf::kIndex,
      IndexKey(Index::kUnitAccount, opening.unit(), opening.account_id()), "");
}

RegistryChange AsRequested(RegistryChange logged) {
  logged.clear_account();
  switch (logged.change_case()) {
    case RegistryChange::kUnitCreated:
      logged.mutable_unit_created()->clear_unit_id();
      break;
    case RegistryChange::kHouseholdCreated:
      logged.mutable_household_created()->clear_household_id();
      logged.mutable_household_created()->clear_head_person_id();
      break;
    case RegistryChange::kPersonCreated:
      logged.mutable_person_created()->clear_person_id();
      break;
    case RegistryChange::kPersonMoved:
      logged.mutable_person_moved()->clear_from_household();
      break;
    case RegistryChange::kTeamCreated:
      logged.mutable_team_created()->clear_team_id();
      break;
    case RegistryChange::kOperatorCreated:
      logged.mutable_operator_created()->clear_operator_id();
      break;
    default:
      break;
  }
  return logged;
}

absl::StatusOr<UnitRecord> RegistryState::FindUnit(uint64_t id) const {
  return Require<UnitRecord>(*views_, RecordKey(Record::kUnit, id),
                             "UNIT_NOT_FOUND", UnitName(id));
}

absl::StatusOr<HouseholdRecord> RegistryState::FindHousehold(
    uint64_t id) const {
  return Require<HouseholdRecord>(*views_, RecordKey(Record::kHousehold, id),
                                  "HOUSEHOLD_NOT_FOUND", HouseholdName(id));
}

absl::StatusOr<PersonRecord> RegistryState::FindPerson(uint64_t id) const {
  return Require<PersonRecord>(*views_, RecordKey(Record::kPerson, id),
                               "PERSON_NOT_FOUND", PersonName(id));
}

absl::StatusOr<TeamRecord> RegistryState::FindTeam(uint64_t id) const {
  return Require<TeamRecord>(*views_, RecordKey(Record::kTeam, id),
                             "TEAM_NOT_FOUND", TeamName(id));
}

absl::StatusOr<OperatorRecord> RegistryState::FindOperator(uint64_t id) const {
  return Require<OperatorRecord>(*views_, RecordKey(Record::kOperator, id),
                                 "OPERATOR_NOT_FOUND", OperatorName(id));
}

absl::StatusOr<PersonRecord> RegistryState::FindVolunteer(uint64_t id) const {
  absl::StatusOr<PersonRecord> person = FindPerson(id);
  if (person.ok() && !person->has_volunteer()) {
    return NotFound("VOLUNTEER_NOT_FOUND", VolunteerName(id));
  }
  return person;
}

absl::Status RegistryState::CheckFree(Cf cf, const std::string& key,
                                      absl::string_view reason,
                                      absl::string_view message) const {
  absl::StatusOr<std::optional<std::string>> taken = views_->Get(cf, key);
  if (!taken.ok()) return taken.status();
  if (taken->has_value()) {
    return Refusal(StatusCode::kAlreadyExists, reason, message);
  }
  return absl::OkStatus();
}

absl::Status RegistryState::CheckCareCategories(
    const google::protobuf::RepeatedPtrField<std::string>& codes) const {
  for (const std::string& code : codes) {
    if (IsBuiltInCareCategory(code)) continue;
    absl::StatusOr<std::optional<std::string>> known =
        views_->Get(Cf::kRegistry, RecordKey(Record::kCareCategory, code));
    if (!known.ok()) return known.status();
    if (!known->has_value()) {
      return NotFound("CARE_CATEGORY_NOT_FOUND",
                      absl::StrCat("care category ", code));
    }
  }
  return absl::OkStatus();
}

absl::Status RegistryState::CheckResidentIdFree(
    const PersonFields& person) const {
  if (person.resident_id().empty()) return absl::OkStatus();
  return CheckFree(Cf::kIndex,
                   IndexKey(Index::kResidentId, person.resident_id()),
                   "DUPLICATE_RESIDENT_ID",
                   "a person with this resident ID number is already "
                   "registered");
}

absl::StatusOr<RegistryChange> RegistryState::Check(
    const RegistryChange& requested, const HeadRecord& head) const {
  RegistryChange change = requested;
  absl::Status status;
  switch (change.change_case()) {
    case RegistryChange::kUnitCreated:
      status = CheckUnit(change.mutable_unit_created(), head,
                         change.mutable_account());
      break;
    case RegistryChange::kUnitRenamed:
      status = FindUnit(change.unit_renamed().unit_id()).status();
      break;
    case RegistryChange::kHouseholdCreated:
      status = CheckHousehold(change.mutable_household_created(), head,
                              change.mutable_account());
      break;
    case RegistryChange::kHouseholdCareSet:
      status =
          FindHousehold(change.household_care_set().household_id()).status();
      if (status.ok()) {
        status =
            CheckCareCategories(change.household_care_set().care_categories());
      }
      break;
    case RegistryChange::kPersonCreated: {
      PersonCreated* created = change.mutable_person_created();
      status = FindHousehold(created->household_id()).status();
      if (status.ok()) status = CheckResidentIdFree(created->person());
      created->set_person_id(head.last_person_id() + 1);
      break;
    }
    case RegistryChange::kPersonMoved:
      status = CheckMove(change.mutable_person_moved());
      break;
    case RegistryChange::kCareCategoryCreated: {
      const std::string& code = change.care_category_created().code();
      status =
          IsBuiltInCareCategory(code)
              ? Refusal(StatusCode::kAlreadyExists, "DUPLICATE_CARE_CATEGORY",
                        absl::StrCat(code, " is built in"))
              : CheckFree(Cf::kRegistry, RecordKey(Record::kCareCategory, code),
                          "DUPLICATE_CARE_CATEGORY",
                          absl::StrCat(code, " already exists"));
      break;
    }
    case RegistryChange::kVolunteerEnrolled: {
      const uint64_t id = change.volunteer_enrolled().person_id();
      absl::StatusOr<PersonRecord> person = FindPerson(id);
      status = person.status();
      if (status.ok() && person->has_volunteer()) {
        status = Refusal(
            StatusCode::kAlreadyExists, "ALREADY_VOLUNTEER",
            absl::StrCat(PersonName(id), " is already ", VolunteerName(id)));
      }
      break;
    }
    case RegistryChange::kVolunteerStatusSet: {
      const VolunteerStatusSet& set = change.volunteer_status_set();
      absl::StatusOr<PersonRecord> person = FindVolunteer(set.person_id());
      status = person.status();
      if (status.ok() && person->volunteer().status() == set.status()) {
        status = Conflict("STATUS_UNCHANGED",
                          absl::StrCat(VolunteerName(set.person_id()),
                                       " already has this status"));
      }
      break;
    }
    case RegistryChange::kTeamCreated: {
      TeamCreated* team = change.mutable_team_created();
      status = FindUnit(team->unit_id()).status();
      if (status.ok()) {
        TeamMembershipChanged join;
        join.set_person_id(team->leader());
        join.set_joined(true);
        status = CheckMembership(join);
      }
      team->set_team_id(head.last_team_id() + 1);
      break;
    }
    case RegistryChange::kTeamMembershipChanged:
      status = FindTeam(change.team_membership_changed().team_id()).status();
      if (status.ok())
        status = CheckMembership(change.team_membership_changed());
      break;
    case RegistryChange::kOperatorCreated:
      status = CheckOperator(change.mutable_operator_created(), head);
      break;
    case RegistryChange::kOperatorDisabled: {
      const uint64_t id = change.operator_disabled().operator_id();
      absl::StatusOr<OperatorRecord> op = FindOperator(id);
      status = op.status();
      if (status.ok() && op->disabled()) {
        status = Conflict("ALREADY_DISABLED",
                          absl::StrCat(OperatorName(id), " is disabled"));
      }
      break;
    }
    case RegistryChange::kPasswordChanged:
      status = FindOperator(change.password_changed().operator_id()).status();
      break;
    case RegistryChange::CHANGE_NOT_SET:
      status = Refusal(StatusCode::kInvalidArgument, "EMPTY_CHANGE",
                       "the change is empty");
      break;
  }
  if (!status.ok()) return status;
  return change;
}

absl::Status RegistryState::CheckUnit(UnitCreated* unit, const HeadRecord& head,
                                      AccountOpening* account) const {
  if (unit->level() < kLevelCounty || unit->level() > kLevelVillage) {
    return Refusal(StatusCode::kInvalidArgument, "INVALID_LEVEL",
                   absl::StrCat("unknown unit level ", unit->level()));
  }
  if (unit->level() == kLevelCounty && unit->parent() != 0) {
    return Refusal(StatusCode::kInvalidArgument, "WRONG_PARENT_LEVEL",
                   "a county has no parent unit");
  }
  if (unit->level() != kLevelCounty) {
    if (unit->parent() == 0) {
      return Refusal(
          StatusCode::kInvalidArgument, "WRONG_PARENT_LEVEL",
          absl::StrCat(LevelWord(unit->level()), " needs a parent unit"));
    }
    absl::StatusOr<UnitRecord> parent = FindUnit(unit->parent());
    if (!parent.ok()) return parent.status();
    if (parent->unit().level() != unit->level() - 1) {
      return Refusal(StatusCode::kInvalidArgument, "WRONG_PARENT_LEVEL",
                     absl::StrCat("the parent of ", LevelWord(unit->level()),
                                  " must be ", LevelWord(unit->level() - 1),
                                  "; ", UnitName(unit->parent()), " is ",
                                  LevelWord(parent->unit().level())));
    }
  }
  if (absl::Status s = CheckFree(
          Cf::kIndex, IndexKey(Index::kUnitCode, unit->code()),
          "DUPLICATE_CODE",
          absl::StrCat("unit code ", unit->code(), " is already taken"));
      !s.ok()) {
    return s;
  }
  unit->set_unit_id(head.last_unit_id() + 1);
  account->set_account_id(head.last_account_id() + 1);
  account->set_kind(kKindIssuance);
  account->set_display_name(unit->display_name());
  account->set_unit(unit->unit_id());
  return absl::OkStatus();
}

absl::Status RegistryState::CheckHousehold(HouseholdCreated* household,
                                           const HeadRecord& head,
                                           AccountOpening* account) const {
  absl::StatusOr<UnitRecord> village = FindUnit(household->village());
  if (!village.ok()) return village.status();
  if (village->unit().level() != kLevelVillage) {
    return Refusal(StatusCode::kInvalidArgument, "NOT_A_VILLAGE",
                   absl::StrCat("households live in villages; ",
                                UnitName(household->village()), " is ",
                                LevelWord(village->unit().level())));
  }
  if (absl::Status s =
          CheckFree(Cf::kIndex,
                    IndexKey(Index::kHouseholdNumber, household->village(),
                             household->number()),
                    "DUPLICATE_HOUSEHOLD_NUMBER",
                    absl::StrCat("household number ", household->number(),
                                 " is already taken in ",
                                 UnitName(household->village())));
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckCareCategories(household->care_categories());
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckResidentIdFree(household->head()); !s.ok()) {
    return s;
  }
  household->set_household_id(head.last_household_id() + 1);
  household->set_head_person_id(head.last_person_id() + 1);
  account->set_account_id(head.last_account_id() + 1);
  account->set_kind(kKindHousehold);
  account->set_display_name(
      absl::StrCat(household->number(), " ", household->head().full_name()));
  account->set_unit(household->village());
  account->set_household(household->household_id());
  return absl::OkStatus();
}

absl::Status RegistryState::CheckMove(PersonMoved* move) const {
  absl::StatusOr<PersonRecord> person = FindPerson(move->person_id());
  if (!person.ok()) return person.status();
  absl::StatusOr<HouseholdRecord> to = FindHousehold(move->to_household());
  if (!to.ok()) return to.status();
  if (person->household() == move->to_household()) {
    return Conflict(
        "ALREADY_THERE",
        absl::StrCat(PersonName(move->person_id()), " already lives in ",
                     HouseholdName(move->to_household())));
  }
  absl::StatusOr<HouseholdRecord> from = FindHousehold(person->household());
  if (!from.ok()) return from.status();
  if (from->head() == move->person_id()) {
    return Conflict(
        "HEAD_CANNOT_MOVE",
        absl::StrCat(PersonName(move->person_id()), " is the head of ",
                     HouseholdName(person->household())));
  }
  move->set_from_household(person->household());
  return absl::OkStatus();
}

absl::Status RegistryState::CheckMembership(
    const TeamMembershipChanged& change) const {
  absl::StatusOr<PersonRecord> person = FindVolunteer(change.person_id());
  if (!person.ok()) return person.status();
  const std::string volunteer = VolunteerName(change.person_id());
  if (change.joined() && person->volunteer().status() != kVolunteerActive) {
    return Conflict("VOLUNTEER_SUSPENDED",
                    absl::StrCat(volunteer, " is suspended"));
  }
  if (change.team_id() == 0) return absl::OkStatus();  // a new team
  absl::StatusOr<std::optional<std::string>> member = views_->Get(
      Cf::kIndex,
      IndexKey(Index::kTeamMember, change.team_id(), change.person_id()));
  if (!member.ok()) return member.status();
  const std::string team = TeamName(change.team_id());
  if (change.joined() && member->has_value()) {
    return Conflict("ALREADY_MEMBER",
                    absl::StrCat(volunteer, " is already in ", team));
  }
  if (!change.joined()) {
    if (!member->has_value()) {
      return Conflict("NOT_A_MEMBER",
                      absl::StrCat(volunteer, " is not in ", team));
    }
    absl::StatusOr<TeamRecord> record = FindTeam(change.team_id());
    if (!record.ok()) return record.status();
    if (record->team().leader() == change.person_id()) {
      return Conflict("LEADER_CANNOT_LEAVE",
                      absl::StrCat(volunteer, " leads ", team));
    }
  }
  return absl::OkStatus();
}

absl::Status RegistryState::CheckOperator(OperatorCreated* op,
                                          const HeadRecord& head) const {
  if (op->scope_unit() != 0) {
    if (absl::Status s = FindUnit(op->scope_unit()).status(); !s.ok()) {
      return s;
    }
  }
  if (op->person_id() != 0) {
    if (absl::Status s = FindPerson(op->person_id()).status(); !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = CheckFree(
          Cf::kIndex, IndexKey(Index::kLogin, op->login()), "DUPLICATE_LOGIN",
          absl::StrCat("login ", op->login(), " is already taken"));
      !s.ok()) {
    return s;
  }
  op->set_operator_id(head.last_operator_id() + 1);
  return absl::OkStatus();
}

// ---- Apply -------------------------------------------------------------

absl::Status RegistryState::Apply(const EntryRecord& entry,
                                  const std::string& password_hash,
                                  HeadRecord* head) {
  const RegistryChange& change = entry.registry();
  absl::Status status;
  switch (change.change_case()) {
    case RegistryChange::kUnitCreated:
      status = ApplyUnit(entry);
      break;
    case RegistryChange::kUnitRenamed:
      status = ApplyRename(entry);
      break;
    case RegistryChange::kHouseholdCreated:
      status = ApplyHousehold(entry);
      break;
    case RegistryChange::kHouseholdCareSet:
      status = ApplyCare(entry);
      break;
    case RegistryChange::kPersonCreated:
      status = ApplyNewPerson(entry);
      break;
    case RegistryChange::kPersonMoved:
      status = ApplyMove(entry);
      break;
    case RegistryChange::kCareCategoryCreated:
      views_->PutProto(Cf::kRegistry,
                       RecordKey(Record::kCareCategory,
                                 change.care_category_created().code()),
                       change.care_category_created());
      break;
    case RegistryChange::kVolunteerEnrolled:
    case RegistryChange::kVolunteerStatusSet:
      status = ApplyVolunteer(entry);
      break;
    case RegistryChange::kTeamCreated:
      status = ApplyTeam(entry);
      break;
    case RegistryChange::kTeamMembershipChanged:
      status = ApplyMembership(entry);
      break;
    case RegistryChange::kOperatorCreated:
      status = ApplyOperator(entry, password_hash);
      break;
    case RegistryChange::kOperatorDisabled:
      status = ApplyDisable(entry);
      break;
    case RegistryChange::kPasswordChanged:
      PutCredential(change.password_changed().operator_id(), password_hash,
                    entry.sequence());
      break;
    case RegistryChange::CHANGE_NOT_SET:
      break;
  }
  if (!status.ok()) return status;
  AdvanceCounters(change, head);
  return absl::OkStatus();
}

void RegistryState::AdvanceCounters(const RegistryChange& change,
                                    HeadRecord* head) {
  if (change.has_unit_created()) {
    head->set_last_unit_id(change.unit_created().unit_id());
  } else if (change.has_household_created()) {
    head->set_last_household_id(change.household_created().household_id());
    head->set_last_person_id(change.household_created().head_person_id());
  } else if (change.has_person_created()) {
    head->set_last_person_id(change.person_created().person_id());
  } else if (change.has_team_created()) {
    head->set_last_team_id(change.team_created().team_id());
  } else if (change.has_operator_created()) {
    head->set_last_operator_id(change.operator_created().operator_id());
  }
}

absl::Status RegistryState::ApplyNewPerson(const EntryRecord& entry) {
  const PersonCreated& created = entry.registry().person_created();
  absl::StatusOr<HouseholdRecord> household =
      FindHousehold(created.household_id());
  if (!household.ok()) return household.status();
  PersonRecord person;
  person.set_id(created.person_id());
  *person.mutable_fields() = created.person();
  person.set_unit(household->village());
  PutPerson(person, entry);
  return absl::OkStatus();
}

absl::Status RegistryState::ApplyUnit(const EntryRecord& entry) {
  const RegistryChange& change = entry.registry();
  const UnitCreated& created = change.unit_created();
  UnitRecord unit;
  *unit.mutable_unit() = created;
  unit.set_issuance_account(change.account().account_id());
  unit.set_create_sequence(entry.sequence());
  unit.set_create_time_micros(entry.time_micros());
  unit.set_update_sequence(entry.sequence());
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kUnit, created.unit_id()),
                   unit);
  views_->Put(Cf::kIndex, IndexKey(Index::kUnitCode, created.code()),
              EncodeId(created.unit_id()));
  views_->Put(Cf::kIndex,
              IndexKey(Index::kUnitChild, created.parent(), created.unit_id()),
              "");
  return absl::OkStatus();
}

absl::Status RegistryState::ApplyRename(const EntryRecord& entry) {
  const UnitRenamed& renamed = entry.registry().unit_renamed();
  absl::StatusOr<UnitRecord> unit = FindUnit(renamed.unit_id());
  if (!unit.ok()) return unit.status();
  unit->mutable_unit()->set_display_name(renamed.display_name());
  unit->set_update_sequence(entry.sequence());
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kUnit, renamed.unit_id()),
                   *unit);
  return absl::OkStatus();
}

absl::Status RegistryState::ApplyHousehold(const EntryRecord& entry) {
  const RegistryChange& change = entry.registry();
  const HouseholdCreated& created = change.household_created();
  HouseholdRecord household;
  household.set_id(created.household_id());
  household.set_village(created.village());
  household.set_number(created.number());
  household.set_address(created.address());
  household.set_head(created.head_person_id());
  household.set_account(change.account().account_id());
  *household.mutable_care_categories() = created.care_categories();
  household.set_create_sequence(entry.sequence());
  household.set_create_time_micros(entry.time_micros());
  views_->PutProto(Cf::kRegistry,
                   RecordKey(Record::kHousehold, created.household_id()),
                   household);
  views_->Put(
      Cf::kIndex,
      IndexKey(Index::kHouseholdNumber, created.village(), created.number()),
      EncodeId(created.household_id()));
  views_->Put(Cf::kIndex,
              IndexKey(Index::kVillageHousehold, created.village(),
                       created.household_id()),
              "");
  views_->Put(Cf::kIndex,
              SearchKey(created.village(), SearchTerm(created.number()),
                        created.household_id(), 0),
              "");
  PersonRecord head;
  head.set_id(created.head_person_id());
  *head.mutable_fields() = created.head();
  head.set_unit(created.village());
  PutPerson(head, entry);
  return absl::OkStatus();
}

// A person who arrives in a household (created or moved there by `entry`).
void RegistryState::PutPerson(const PersonRecord& arriving,
                              const EntryRecord& entry) {
  PersonRecord person = arriving;
  const RegistryChange& change = entry.registry();
  const uint64_t household =
      change.has_person_moved()     ? change.person_moved().to_household()
      : change.has_person_created() ? change.person_created().household_id()
                                    : change.household_created().household_id();
  person.set_household(household);
  Residence* residence = person.add_residences();
  residence->set_household(household);
  residence->set_sequence(entry.sequence());
  residence->set_time_micros(entry.time_micros());
  if (person.create_sequence() == 0) {
    person.set_create_sequence(entry.sequence());
    person.set_create_time_micros(entry.time_micros());
    if (!person.fields().resident_id().empty()) {
      views_->Put(Cf::kIndex,
                  IndexKey(Index::kResidentId, person.fields().resident_id()),
                  EncodeId(person.id()));
    }
  }
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kPerson, person.id()),
                   person);
  IndexPerson(person, /*present=*/true);
}

// Adds (or removes) the person's membership and search terms under their
// current household.
void RegistryState::IndexPerson(const PersonRecord& person, bool present) {
  std::vector<std::string> keys = {
      IndexKey(Index::kMember, person.household(), person.id())};
  for (const std::string& term : SearchTerms(person.fields())) {
    keys.push_back(
        SearchKey(person.unit(), term, person.household(), person.id()));
  }
  for (const std::string& key : keys) {
    if (present) {
      views_->Put(Cf::kIndex, key, "");
    } else {
      views_->Delete(Cf::kIndex, key);
    }
  }
}

absl::Status RegistryState::ApplyCare(const EntryRecord& entry) {
  const HouseholdCareSet& set = entry.registry().household_care_set();
  absl::StatusOr<HouseholdRecord> household = FindHousehold(set.household_id());
  if (!household.ok()) return household.status();
  *household->mutable_care_categories() = set.care_categories();
  household->set_care_sequence(entry.sequence());
  views_->PutProto(Cf::kRegistry,
                   RecordKey(Record::kHousehold, set.household_id()),
                   *household);
  return absl::OkStatus();
}

absl::Status RegistryState::ApplyMove(const EntryRecord& entry) {
  const PersonMoved& move = entry.registry().person_moved();
  absl::StatusOr<PersonRecord> person = FindPerson(move.person_id());
  if (!person.ok()) return person.status();
  absl::StatusOr<HouseholdRecord> to = FindHousehold(move.to_household());
  if (!to.ok()) return to.status();
  IndexPerson(*person, /*present=*/false);
  person->set_unit(to->village());
  PutPerson(*person, entry);
  return absl::OkStatus();
}

absl::Status RegistryState::ApplyVolunteer(const EntryRecord& entry) {
  const RegistryChange& change = entry.registry();
  const uint64_t id = change.has_volunteer_enrolled()
                          ? change.volunteer_enrolled().person_id()
                          : change.volunteer_status_set().person_id();
  absl::StatusOr<PersonRecord> person = FindPerson(id);
  if (!person.ok()) return person.status();
  VolunteerProfile* profile = person->mutable_volunteer();
  if (change.has_volunteer_enrolled()) {
    profile->set_join_date(change.volunteer_enrolled().join_date());
    *profile->mutable_skills() = change.volunteer_enrolled().skills();
    profile->set_status(kVolunteerActive);
    profile->set_enroll_sequence(entry.sequence());
    profile->set_enroll_time_micros(entry.time_micros());
  } else {
    profile->set_status(change.volunteer_status_set().status());
  }
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kPerson, id), *person);
  return absl::OkStatus();
}

absl::Status RegistryState::ApplyTeam(const EntryRecord& entry) {
  const TeamCreated& created = entry.registry().team_created();
  TeamRecord team;
  *team.mutable_team() = created;
  team.set_create_sequence(entry.sequence());
  team.set_create_time_micros(entry.time_micros());
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kTeam, created.team_id()),
                   team);
  views_->Put(Cf::kIndex,
              IndexKey(Index::kUnitTeam, created.unit_id(), created.team_id()),
              "");
  return ApplyMembership(entry);
}

// A joining or leaving (a team's creation is its leader's joining).
absl::Status RegistryState::ApplyMembership(const EntryRecord& entry) {
  const RegistryChange& change = entry.registry();
  TeamMembershipChanged event;
  if (change.has_team_created()) {
    event.set_team_id(change.team_created().team_id());
    event.set_person_id(change.team_created().leader());
    event.set_joined(true);
  } else {
    event = change.team_membership_changed();
  }
  const std::string member =
      IndexKey(Index::kTeamMember, event.team_id(), event.person_id());
  const std::string team =
      IndexKey(Index::kVolunteerTeam, event.person_id(), event.team_id());
  if (event.joined()) {
    views_->Put(Cf::kIndex, member, "");
    views_->Put(Cf::kIndex, team, "");
  } else {
    views_->Delete(Cf::kIndex, member);
    views_->Delete(Cf::kIndex, team);
  }
  views_->Put(Cf::kIndex,
              IndexKey(Index::kTeamEvent, event.team_id(), entry.sequence()),
              "");
  views_->Put(
      Cf::kIndex,
      IndexKey(Index::kVolunteerEvent, event.person_id(), entry.sequence()),
      "");
  return absl::OkStatus();
}

absl::Status RegistryState::ApplyOperator(const EntryRecord& entry,
                                          const std::string& password_hash) {
  const OperatorCreated& created = entry.registry().operator_created();
  OperatorRecord op;
  *op.mutable_operator_() = created;
  op.set_create_sequence(entry.sequence());
  op.set_create_time_micros(entry.time_micros());
  views_->PutProto(Cf::kRegistry,
                   RecordKey(Record::kOperator, created.operator_id()), op);
  views_->Put(Cf::kIndex, IndexKey(Index::kLogin, created.login()),
              EncodeId(created.operator_id()));
  PutCredential(created.operator_id(), password_hash, entry.sequence());
  return absl::OkStatus();
}

absl::Status RegistryState::ApplyDisable(const EntryRecord& entry) {
  const uint64_t id = entry.registry().operator_disabled().operator_id();
  absl::StatusOr<OperatorRecord> op = FindOperator(id);
  if (!op.ok()) return op.status();
  op->set_disabled(true);
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kOperator, id), *op);
  return absl::OkStatus();
}

void RegistryState::PutCredential(uint64_t operator_id,
                                  const std::string& password_hash,
                                  uint64_t sequence) {
  CredentialRecord credential;
  credential.set_password_hash(password_hash);
  credential.set_sequence(sequence);
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kCredential, operator_id),
                   credential);
}

}  // namespace jiamei::storage
