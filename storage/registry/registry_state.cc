// RegistryState's entry points: Check and Apply choose the rule of each kind
// of change, which lives with its idea: units in registry_units.cc,
// households and people in registry_households.cc, volunteers and teams in
// registry_volunteers.cc, operators in registry_operators.cc.
#include "storage/registry/registry_state.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "storage/core/assert.h"
#include "storage/core/status_macros.h"
#include "storage/registry/registry_errors.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"

namespace jiamei::storage {

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
    case RegistryChange::kHouseholdsImported:
      for (ImportedHousehold& h :
           *logged.mutable_households_imported()->mutable_households()) {
        h.clear_household_id();
        h.clear_account();
        for (ImportedPerson& p : *h.mutable_people()) p.clear_person_id();
      }
      break;
    default:
      break;
  }
  return logged;
}

absl::StatusOr<RegistryChange> RegistryState::Check(
    const RegistryChange& requested, const HeadRecord& head,
    std::vector<RegistryChange>* more) const {
  if (requested.has_households_imported()) {
    ASSIGN_OR_RETURN(std::vector<RegistryChange> changes,
                     CheckImport(requested.households_imported(), head));
    JIAMEI_ASSERT(more != nullptr || changes.size() == 1,
                  "an import of several entries checked without `more`");
    for (size_t k = 1; k < changes.size(); ++k) {
      more->push_back(std::move(changes[k]));
    }
    return std::move(changes.front());
  }
  RegistryChange change = requested;
  switch (change.change_case()) {
    case RegistryChange::kUnitCreated:
      RETURN_IF_ERROR(CheckUnit(change.mutable_unit_created(), head,
                                change.mutable_account()));
      break;
    case RegistryChange::kUnitRenamed:
      RETURN_IF_ERROR(
          FindUnit(*views_, change.unit_renamed().unit_id()).status());
      break;
    case RegistryChange::kHouseholdCreated:
      RETURN_IF_ERROR(CheckHousehold(change.mutable_household_created(), head,
                                     change.mutable_account()));
      break;
    case RegistryChange::kHouseholdCareSet:
      RETURN_IF_ERROR(CheckCare(change.household_care_set()));
      break;
    case RegistryChange::kPersonCreated:
      RETURN_IF_ERROR(CheckNewPerson(change.mutable_person_created(), head));
      break;
    case RegistryChange::kPersonMoved:
      RETURN_IF_ERROR(CheckMove(change.mutable_person_moved()));
      break;
    case RegistryChange::kCareCategoryCreated:
      RETURN_IF_ERROR(CheckNewCareCategory(change.care_category_created()));
      break;
    case RegistryChange::kVolunteerEnrolled:
      RETURN_IF_ERROR(CheckEnrolment(change.volunteer_enrolled()));
      break;
    case RegistryChange::kVolunteerStatusSet:
      RETURN_IF_ERROR(CheckVolunteerStatus(change.volunteer_status_set()));
      break;
    case RegistryChange::kTeamCreated:
      RETURN_IF_ERROR(CheckTeam(change.mutable_team_created(), head));
      break;
    case RegistryChange::kTeamMembershipChanged:
      RETURN_IF_ERROR(
          FindTeam(*views_, change.team_membership_changed().team_id())
              .status());
      RETURN_IF_ERROR(CheckMembership(change.team_membership_changed()));
      break;
    case RegistryChange::kOperatorCreated:
      RETURN_IF_ERROR(CheckOperator(change.mutable_operator_created(), head));
      break;
    case RegistryChange::kOperatorDisabled:
      RETURN_IF_ERROR(CheckDisable(change.operator_disabled()));
      break;
    case RegistryChange::kPasswordChanged:
      RETURN_IF_ERROR(
          FindOperator(*views_, change.password_changed().operator_id())
              .status());
      break;
    case RegistryChange::kHouseholdsImported:  // checked above
    case RegistryChange::CHANGE_NOT_SET:
      return errors::EmptyChange();
  }
  return change;
}

absl::Status RegistryState::Apply(const EntryRecord& entry,
                                  const std::string& password_hash,
                                  HeadRecord* head) {
  const RegistryChange& change = entry.registry();
  switch (change.change_case()) {
    case RegistryChange::kUnitCreated:
      RETURN_IF_ERROR(ApplyUnit(entry));
      break;
    case RegistryChange::kUnitRenamed:
      RETURN_IF_ERROR(ApplyRename(entry));
      break;
    case RegistryChange::kHouseholdCreated:
      RETURN_IF_ERROR(ApplyHousehold(entry));
      break;
    case RegistryChange::kHouseholdCareSet:
      RETURN_IF_ERROR(ApplyCare(entry));
      break;
    case RegistryChange::kPersonCreated:
      RETURN_IF_ERROR(ApplyNewPerson(entry));
      break;
    case RegistryChange::kPersonMoved:
      RETURN_IF_ERROR(ApplyMove(entry));
      break;
    case RegistryChange::kCareCategoryCreated:
      views_->PutProto(Cf::kRegistry,
                       RecordKey(Record::kCareCategory,
                                 change.care_category_created().code()),
                       change.care_category_created());
      break;
    case RegistryChange::kVolunteerEnrolled:
    case RegistryChange::kVolunteerStatusSet:
      RETURN_IF_ERROR(ApplyVolunteer(entry));
      break;
    case RegistryChange::kTeamCreated:
      RETURN_IF_ERROR(ApplyTeam(entry));
      break;
    case RegistryChange::kTeamMembershipChanged:
      RETURN_IF_ERROR(ApplyMembership(entry));
      break;
    case RegistryChange::kOperatorCreated:
      RETURN_IF_ERROR(ApplyOperator(entry, password_hash));
      break;
    case RegistryChange::kOperatorDisabled:
      RETURN_IF_ERROR(ApplyDisable(entry));
      break;
    case RegistryChange::kPasswordChanged:
      PutCredential(change.password_changed().operator_id(), password_hash,
                    entry.sequence());
      break;
    case RegistryChange::kHouseholdsImported:
      ApplyImport(entry);
      break;
    case RegistryChange::CHANGE_NOT_SET:
      break;
  }
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
  } else if (change.has_households_imported()) {
    // The ids are allocated in order; a (damaged) import without households
    // or people allocates none.
    for (const ImportedHousehold& h :
         change.households_imported().households()) {
      head->set_last_household_id(h.household_id());
      for (const ImportedPerson& p : h.people()) {
        head->set_last_person_id(p.person_id());
      }
    }
  } else if (change.has_team_created()) {
    head->set_last_team_id(change.team_created().team_id());
  } else if (change.has_operator_created()) {
    head->set_last_operator_id(change.operator_created().operator_id());
  }
}

}  // namespace jiamei::storage
