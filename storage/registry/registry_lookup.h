// Reading the records a change or a request names, which must exist: the
// lookups of the register's records, which every domain's state machine
// and reader share, and RequireRecord, which the other domains' lookups
// are built on. Each refuses with the record's NOT_FOUND reason
// (registry_errors.h and the other folders' errors files) when the record
// is absent, and gives DATA_LOSS when it does not parse.
#ifndef JIAMEI_STORAGE_REGISTRY_REGISTRY_LOOKUP_H_
#define JIAMEI_STORAGE_REGISTRY_REGISTRY_LOOKUP_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/core/records.pb.h"
#include "storage/core/status_macros.h"
#include "storage/core/views.h"
#include "storage/registry/registry_keys.h"

namespace jiamei::storage {

// The record `kind`/`id` of the registry column family; `missing(id)`, a
// NOT_FOUND refusal, when it is absent.
template <typename Message>
absl::StatusOr<Message> RequireRecord(const ReadViews& views, Record kind,
                                      uint64_t id,
                                      absl::Status (*missing)(uint64_t)) {
  Message record;
  ASSIGN_OR_RETURN(const bool found,
                   views.GetProto(Cf::kRegistry, RecordKey(kind, id), &record));
  if (!found) return missing(id);
  return record;
}

// Whether `key` is present in `cf` (an index key taken, a record made).
absl::StatusOr<bool> Exists(const ReadViews& views, Cf cf,
                            absl::string_view key);

absl::StatusOr<UnitRecord> FindUnit(const ReadViews& views, uint64_t id);
// A village, where households live: UNIT_NOT_FOUND, or NOT_A_VILLAGE
// (INVALID_ARGUMENT) for a unit of another level.
absl::StatusOr<UnitRecord> FindVillage(const ReadViews& views, uint64_t id);
absl::StatusOr<HouseholdRecord> FindHousehold(const ReadViews& views,
                                              uint64_t id);
absl::StatusOr<PersonRecord> FindPerson(const ReadViews& views, uint64_t id);
// A person enrolled as a volunteer: PERSON_NOT_FOUND when there is no such
// person, VOLUNTEER_NOT_FOUND when the person is not enrolled.
absl::StatusOr<PersonRecord> FindVolunteer(const ReadViews& views, uint64_t id);
absl::StatusOr<TeamRecord> FindTeam(const ReadViews& views, uint64_t id);
absl::StatusOr<OperatorRecord> FindOperator(const ReadViews& views,
                                            uint64_t id);

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_REGISTRY_REGISTRY_LOOKUP_H_
