// Typed reads of the register, for the API and for access checks. Like
// LedgerReader, they never wait for the sequencer.
#ifndef JIAMEI_STORAGE_REGISTRY_REGISTRY_READER_H_
#define JIAMEI_STORAGE_REGISTRY_REGISTRY_READER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/core/records.pb.h"
#include "storage/core/store.h"
#include "storage/registry/registry_import.h"
#include "storage/registry/registry_keys.h"

namespace jiamei::storage {

// A joining or leaving, as logged.
struct MembershipEvent {
  TeamMembershipChanged change;
  uint64_t sequence;
  int64_t time_micros;
};

class RegistryReader {
 public:
  explicit RegistryReader(const Store* store,
                          const rocksdb::Snapshot* snapshot = nullptr)
      : store_(store), snapshot_(snapshot) {}

  // NOT_FOUND with a reason (UNIT_NOT_FOUND, ...) when absent.
  absl::StatusOr<UnitRecord> GetUnit(uint64_t id) const;
  // A unit of village level; NOT_A_VILLAGE (INVALID_ARGUMENT) for another.
  absl::StatusOr<UnitRecord> GetVillage(uint64_t id) const;
  absl::StatusOr<HouseholdRecord> GetHousehold(uint64_t id) const;
  absl::StatusOr<PersonRecord> GetPerson(uint64_t id) const;
  // A person who has enrolled; VOLUNTEER_NOT_FOUND otherwise.
  absl::StatusOr<PersonRecord> GetVolunteer(uint64_t id) const;
  absl::StatusOr<TeamRecord> GetTeam(uint64_t id) const;
  absl::StatusOr<OperatorRecord> GetOperator(uint64_t id) const;

  absl::StatusOr<std::optional<uint64_t>> FindLogin(
      absl::string_view login) const;
  absl::StatusOr<std::optional<CredentialRecord>> GetCredential(
      uint64_t operator_id) const;

  // The second ids of index keys (kind, a, b) with b > after, in order, at
  // most `limit`: children of a unit, households of a village, members of a
  // household or team, teams of a unit or volunteer, accounts of a unit.
  absl::StatusOr<std::vector<uint64_t>> ListIds(Index kind, uint64_t a,
                                                uint64_t after,
                                                int limit) const;
  // The same with b < before, newest (largest) first.
  absl::StatusOr<std::vector<uint64_t>> ListIdsBefore(Index kind, uint64_t a,
                                                      uint64_t before,
                                                      int limit) const;
  // The entries that joined or left a team (kTeamEvent) or a volunteer
  // (kVolunteerEvent), oldest first.
  absl::StatusOr<std::vector<MembershipEvent>> ListMembershipEvents(
      Index kind, uint64_t id) const;
  // Households of `village` with a member's name or phone, or the number,
  // starting with `term` (with `whole_phones`, a phone matches only when it
  // is `term`, for a caller who sees phones masked); ids > after, in order,
  // at most `limit`. Scans at most `max_scan` index keys
  // (RESOURCE_EXHAUSTED beyond).
  absl::StatusOr<std::vector<uint64_t>> SearchVillage(uint64_t village,
                                                      absl::string_view term,
                                                      uint64_t after, int limit,
                                                      int max_scan,
                                                      bool whole_phones) const;
  absl::StatusOr<std::vector<CareCategoryCreated>> ListCareCategories() const;
  // What the register import `requested` (as requested, whole) conflicts
  // with in the register and within itself, by row
  // (storage/registry/registry_import.h): a dry run's answer.
  absl::StatusOr<std::vector<ImportConflict>> FindImportConflicts(
      const HouseholdsImported& requested) const;
  // Operators with id > after, in order, at most `limit`.
  absl::StatusOr<std::vector<OperatorRecord>> ListOperators(uint64_t after,
                                                            int limit) const;

 private:
  const Store* store_;
  const rocksdb::Snapshot* snapshot_;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_REGISTRY_REGISTRY_READER_H_
