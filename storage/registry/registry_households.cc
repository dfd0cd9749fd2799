// RegistryState's households and people: a household is created with its
// head and its points account; people join, move between households (the
// head stays) and are found by name and phone; care categories mark the
// households help must reach.
#include "absl/strings/str_cat.h"
#include "storage/core/status_macros.h"
#include "storage/registry/registry_errors.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"
#include "storage/registry/registry_state.h"

namespace jiamei::storage {

absl::Status RegistryState::CheckCareCategories(
    const google::protobuf::RepeatedPtrField<std::string>& codes) const {
  for (const std::string& code : codes) {
    if (IsBuiltInCareCategory(code)) continue;
    ASSIGN_OR_RETURN(
        const bool known,
        Exists(*views_, Cf::kRegistry, RecordKey(Record::kCareCategory, code)));
    if (!known) return errors::CareCategoryNotFound(code);
  }
  return absl::OkStatus();
}

absl::Status RegistryState::CheckResidentIdFree(
    const PersonFields& person) const {
  if (person.resident_id().empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(const bool taken,
                   Exists(*views_, Cf::kIndex,
                          IndexKey(Index::kResidentId, person.resident_id())));
  if (taken) return errors::DuplicateResidentId();
  return absl::OkStatus();
}

absl::Status RegistryState::CheckNewCareCategory(
    const CareCategoryCreated& created) const {
  const std::string& code = created.code();
  if (IsBuiltInCareCategory(code)) {
    return errors::DuplicateCareCategoryBuiltIn(code);
  }
  ASSIGN_OR_RETURN(
      const bool taken,
      Exists(*views_, Cf::kRegistry, RecordKey(Record::kCareCategory, code)));
  if (taken) return errors::DuplicateCareCategory(code);
  return absl::OkStatus();
}

absl::Status RegistryState::CheckHousehold(HouseholdCreated* household,
                                           const HeadRecord& head,
                                           AccountOpening* account) const {
  RETURN_IF_ERROR(FindVillage(*views_, household->village()).status());
  ASSIGN_OR_RETURN(const bool taken,
                   Exists(*views_, Cf::kIndex,
                          IndexKey(Index::kHouseholdNumber,
                                   household->village(), household->number())));
  if (taken) {
    return errors::DuplicateHouseholdNumber(household->number(),
                                            household->village());
  }
  RETURN_IF_ERROR(CheckCareCategories(household->care_categories()));
  RETURN_IF_ERROR(CheckResidentIdFree(household->head()));
  household->set_household_id(head.last_household_id() + 1);
  household->set_head_person_id(head.last_person_id() + 1);
  *account = HouseholdAccount(head.last_account_id() + 1, household->number(),
                              household->head().full_name(),
                              household->village(), household->household_id());
  return absl::OkStatus();
}

AccountOpening HouseholdAccount(uint64_t account_id, absl::string_view number,
                                absl::string_view head_name, uint64_t village,
                                uint64_t household) {
  AccountOpening account;
  account.set_account_id(account_id);
  account.set_kind(kKindHousehold);
  account.set_display_name(absl::StrCat(number, " ", head_name));
  account.set_unit(village);
  account.set_household(household);
  return account;
}

absl::Status RegistryState::CheckCare(const HouseholdCareSet& set) const {
  RETURN_IF_ERROR(FindHousehold(*views_, set.household_id()).status());
  return CheckCareCategories(set.care_categories());
}

absl::Status RegistryState::CheckNewPerson(PersonCreated* created,
                                           const HeadRecord& head) const {
  RETURN_IF_ERROR(FindHousehold(*views_, created->household_id()).status());
  RETURN_IF_ERROR(CheckResidentIdFree(created->person()));
  created->set_person_id(head.last_person_id() + 1);
  return absl::OkStatus();
}

absl::Status RegistryState::CheckMove(PersonMoved* move) const {
  ASSIGN_OR_RETURN(const PersonRecord person,
                   FindPerson(*views_, move->person_id()));
  RETURN_IF_ERROR(FindHousehold(*views_, move->to_household()).status());
  if (person.household() == move->to_household()) {
    return errors::AlreadyThere(move->person_id(), move->to_household());
  }
  ASSIGN_OR_RETURN(const HouseholdRecord from,
                   FindHousehold(*views_, person.household()));
  if (from.head() == move->person_id()) {
    return errors::HeadCannotMove(move->person_id(), person.household());
  }
  move->set_from_household(person.household());
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
  PutHousehold(household);
  PersonRecord head;
  head.set_id(created.head_person_id());
  *head.mutable_fields() = created.head();
  head.set_unit(created.village());
  PutPerson(head, created.household_id(), entry);
  return absl::OkStatus();
}

// A new household's record and its indexes: its number in the village, the
// village's list, and the number as a search term.
void RegistryState::PutHousehold(const HouseholdRecord& household) {
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kHousehold, household.id()),
                   household);
  views_->Put(Cf::kIndex,
              IndexKey(Index::kHouseholdNumber, household.village(),
                       household.number()),
              EncodeId(household.id()));
  views_->Put(
      Cf::kIndex,
      IndexKey(Index::kVillageHousehold, household.village(), household.id()),
      "");
  views_->Put(Cf::kIndex,
              SearchKey(household.village(), SearchTerm(household.number()),
                        household.id(), 0),
              "");
}

absl::Status RegistryState::ApplyNewPerson(const EntryRecord& entry) {
  const PersonCreated& created = entry.registry().person_created();
  ASSIGN_OR_RETURN(const HouseholdRecord household,
                   FindHousehold(*views_, created.household_id()));
  PersonRecord person;
  person.set_id(created.person_id());
  *person.mutable_fields() = created.person();
  person.set_unit(household.village());
  PutPerson(person, created.household_id(), entry);
  return absl::OkStatus();
}

absl::Status RegistryState::ApplyCare(const EntryRecord& entry) {
  const HouseholdCareSet& set = entry.registry().household_care_set();
  ASSIGN_OR_RETURN(HouseholdRecord household,
                   FindHousehold(*views_, set.household_id()));
  *household.mutable_care_categories() = set.care_categories();
  household.set_care_sequence(entry.sequence());
  views_->PutProto(Cf::kRegistry,
                   RecordKey(Record::kHousehold, set.household_id()),
                   household);
  return absl::OkStatus();
}

absl::Status RegistryState::ApplyMove(const EntryRecord& entry) {
  const PersonMoved& move = entry.registry().person_moved();
  ASSIGN_OR_RETURN(PersonRecord person, FindPerson(*views_, move.person_id()));
  ASSIGN_OR_RETURN(const HouseholdRecord to,
                   FindHousehold(*views_, move.to_household()));
  IndexPerson(person, /*present=*/false);
  person.set_unit(to.village());
  PutPerson(person, move.to_household(), entry);
  return absl::OkStatus();
}

// A person who arrives in `household` (created or moved there by `entry`).
void RegistryState::PutPerson(const PersonRecord& arriving, uint64_t household,
                              const EntryRecord& entry) {
  PersonRecord person = arriving;
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

}  // namespace jiamei::storage
