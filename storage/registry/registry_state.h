// The register's rules: which changes to units, households, people,
// volunteers, teams and operators are allowed, and the derived records each
// accepted change writes. Only the sequencer's applier calls it (through
// StateMachine), and the audit replays the log through it.
#ifndef JIAMEI_STORAGE_REGISTRY_REGISTRY_STATE_H_
#define JIAMEI_STORAGE_REGISTRY_REGISTRY_STATE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/core/accounts.h"  // the account kinds
#include "storage/core/records.pb.h"
#include "storage/core/views.h"

namespace jiamei::storage {

// Levels and kinds as stored (the values of jiamei.v1 enums).
inline constexpr int32_t kLevelCounty = 1;
inline constexpr int32_t kLevelTownship = 2;
inline constexpr int32_t kLevelVillage = 3;
inline constexpr int32_t kVolunteerActive = 1;
inline constexpr int32_t kVolunteerSuspended = 2;

struct CareCategoryName {
  const char* code;
  const char* display_name;
};
// The care categories every system has; admins add others.
const std::vector<CareCategoryName>& BuiltInCareCategories();
bool IsBuiltInCareCategory(absl::string_view code);

// The words a household is found by: each member's name (ASCII lowercased)
// and phone.
std::vector<std::string> SearchTerms(const PersonFields& person);
// The same normalisation, for a query.
std::string SearchTerm(absl::string_view text);

// Indexes an opened account under its unit (units/N's accounts).
void IndexAccount(const AccountOpening& opening, Views* views);

// The points account of a new household, opened with it.
AccountOpening HouseholdAccount(uint64_t account_id, absl::string_view number,
                                absl::string_view head_name, uint64_t village,
                                uint64_t household);

// `logged` as it was requested: without the ids and facts the sequencer
// filled in (the audit recomputes request fingerprints from it).
RegistryChange AsRequested(RegistryChange logged);

class RegistryState {
 public:
  explicit RegistryState(Views* views) : views_(views) {}

  // Checks `requested` against the register. On success returns it with the
  // ids it creates allocated after those in `head` (and the account it
  // opens, if any), ready to be logged. Refusals carry a reason. A register
  // import is logged as several changes (CheckImport): the first is
  // returned, the others appended to `more`, which must then be given.
  absl::StatusOr<RegistryChange> Check(
      const RegistryChange& requested, const HeadRecord& head,
      std::vector<RegistryChange>* more = nullptr) const;

  // Writes the derived records of the logged `entry` and advances the id
  // counters in `head`. Reads everything it needs before writing anything,
  // so a failed read leaves no partial effect.
  absl::Status Apply(const EntryRecord& entry, const std::string& password_hash,
                     HeadRecord* head);

 private:
  absl::Status CheckCareCategories(
      const google::protobuf::RepeatedPtrField<std::string>& codes) const;
  absl::Status CheckResidentIdFree(const PersonFields& person) const;

  absl::Status CheckUnit(UnitCreated* unit, const HeadRecord& head,
                         AccountOpening* account) const;
  absl::Status CheckHousehold(HouseholdCreated* household,
                              const HeadRecord& head,
                              AccountOpening* account) const;
  absl::Status CheckMove(PersonMoved* move) const;
  absl::Status CheckMembership(const TeamMembershipChanged& change) const;
  absl::Status CheckOperator(OperatorCreated* op, const HeadRecord& head) const;
  absl::Status CheckCare(const HouseholdCareSet& set) const;
  absl::Status CheckNewPerson(PersonCreated* created,
                              const HeadRecord& head) const;
  absl::Status CheckNewCareCategory(const CareCategoryCreated& created) const;
  absl::Status CheckEnrolment(const VolunteerEnrolled& enrolled) const;
  absl::Status CheckVolunteerStatus(const VolunteerStatusSet& set) const;
  absl::Status CheckTeam(TeamCreated* team, const HeadRecord& head) const;
  absl::Status CheckDisable(const OperatorDisabled& disabled) const;
  // A whole register import (storage/registry/registry_import.h): the
  // changes of its entries, one per batch, with the ids of every household,
  // person and account allocated after those in `head`.
  absl::StatusOr<std::vector<RegistryChange>> CheckImport(
      const HouseholdsImported& requested, const HeadRecord& head) const;

  // Apply, one kind of change each.
  absl::Status ApplyUnit(const EntryRecord& entry);
  absl::Status ApplyRename(const EntryRecord& entry);
  absl::Status ApplyHousehold(const EntryRecord& entry);
  absl::Status ApplyNewPerson(const EntryRecord& entry);
  absl::Status ApplyCare(const EntryRecord& entry);
  absl::Status ApplyMove(const EntryRecord& entry);
  absl::Status ApplyVolunteer(const EntryRecord& entry);
  absl::Status ApplyTeam(const EntryRecord& entry);
  absl::Status ApplyMembership(const EntryRecord& entry);
  absl::Status ApplyOperator(const EntryRecord& entry,
                             const std::string& password_hash);
  absl::Status ApplyDisable(const EntryRecord& entry);
  void ApplyImport(const EntryRecord& entry);

  static void AdvanceCounters(const RegistryChange& change, HeadRecord* head);
  void PutHousehold(const HouseholdRecord& household);
  void PutPerson(const PersonRecord& person, uint64_t household,
                 const EntryRecord& entry);
  void IndexPerson(const PersonRecord& person, bool present);
  void PutCredential(uint64_t operator_id, const std::string& password_hash,
                     uint64_t sequence);

  Views* views_;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_REGISTRY_REGISTRY_STATE_H_
