#include "storage/activity/activity_reader.h"

#include <utility>

#include "storage/activity/activity_state.h"
#include "storage/core/status_macros.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::storage {

absl::StatusOr<ActivityRecord> ActivityReader::GetActivity(uint64_t id) const {
  return FindActivity(views_, id);
}

absl::StatusOr<ServiceRecordRecord> ActivityReader::GetServiceRecord(
    uint64_t id) const {
  return FindServiceRecord(views_, id);
}

absl::StatusOr<ServiceRecordRecord> ActivityReader::GetCurrentServiceRecord(
    uint64_t id) const {
  ASSIGN_OR_RETURN(ServiceRecordRecord record, FindServiceRecord(views_, id));
  while (record.corrected_by() != 0) {
    ASSIGN_OR_RETURN(record, FindServiceRecord(views_, record.corrected_by()));
  }
  return record;
}

absl::StatusOr<std::optional<ParticipationRecord>>
ActivityReader::GetParticipation(uint64_t activity, uint64_t volunteer) const {
  return FindParticipation(views_, activity, volunteer);
}

absl::StatusOr<std::optional<CertificateRecord>> ActivityReader::GetCertificate(
    uint64_t id) const {
  CertificateRecord record;
  ASSIGN_OR_RETURN(
      const bool found,
      views_.GetProto(Cf::kRegistry, RecordKey(Record::kCertificate, id),
                      &record));
  if (!found) return std::nullopt;
  return record;
}

absl::StatusOr<std::vector<ActivityRecord>> ActivityReader::ListActivities(
    uint64_t unit) const {
  ASSIGN_OR_RETURN(const std::vector<uint64_t> ids,
                   RegistryReader(store_, snapshot_)
                       .ListIds(Index::kUnitActivity, unit, 0, INT32_MAX));
  std::vector<ActivityRecord> activities;
  activities.reserve(ids.size());
  for (uint64_t id : ids) {
    ASSIGN_OR_RETURN(activities.emplace_back(), FindActivity(views_, id));
  }
  return activities;
}

absl::StatusOr<std::vector<ServiceRecordRecord>>
ActivityReader::ListCurrentRecords(uint64_t volunteer) const {
  ASSIGN_OR_RETURN(
      const std::vector<uint64_t> ids,
      RegistryReader(store_, snapshot_)
          .ListIds(Index::kVolunteerRecord, volunteer, 0, INT32_MAX));
  std::vector<ServiceRecordRecord> records;
  for (uint64_t id : ids) {
    ASSIGN_OR_RETURN(ServiceRecordRecord record, FindServiceRecord(views_, id));
    if (record.corrected_by() == 0) records.push_back(std::move(record));
  }
  return records;
}

}  // namespace jiamei::storage
