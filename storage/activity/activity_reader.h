// Typed reads of volunteer service's views (activities, participations,
// service records and certificates), for the API. Like LedgerReader, they
// never wait for the sequencer: each call reads the latest durable state, or
// the snapshot given (storage/core/snapshot.h).
// The records are the ones ActivityState wrote; nothing here rebuilds one.
#ifndef JIAMEI_STORAGE_ACTIVITY_ACTIVITY_READER_H_
#define JIAMEI_STORAGE_ACTIVITY_ACTIVITY_READER_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/core/records.pb.h"
#include "storage/core/store.h"
#include "storage/core/views.h"

namespace jiamei::storage {

class ActivityReader {
 public:
  // `snapshot` may be null: each read then sees the latest durable state.
  explicit ActivityReader(const Store* store,
                          const rocksdb::Snapshot* snapshot = nullptr)
      : store_(store), snapshot_(snapshot), views_(store, snapshot) {}

  // NOT_FOUND with ACTIVITY_NOT_FOUND or RECORD_NOT_FOUND ("<name> does not
  // exist") when absent; DATA_LOSS for a record that does not parse.
  absl::StatusOr<ActivityRecord> GetActivity(uint64_t id) const;
  absl::StatusOr<ServiceRecordRecord> GetServiceRecord(uint64_t id) const;
  // The record `id` as it stands after every correction of it.
  absl::StatusOr<ServiceRecordRecord> GetCurrentServiceRecord(
      uint64_t id) const;
  // The participation of `volunteer` in `activity`, if any.
  absl::StatusOr<std::optional<ParticipationRecord>> GetParticipation(
      uint64_t activity, uint64_t volunteer) const;
  // The certificate issued as `id`, if any.
  absl::StatusOr<std::optional<CertificateRecord>> GetCertificate(
      uint64_t id) const;

  // The activities `unit` organised, in id order.
  absl::StatusOr<std::vector<ActivityRecord>> ListActivities(
      uint64_t unit) const;
  // The service records of `volunteer` never corrected since, oldest first.
  absl::StatusOr<std::vector<ServiceRecordRecord>> ListCurrentRecords(
      uint64_t volunteer) const;

 private:
  const Store* store_;
  const rocksdb::Snapshot* snapshot_;
  const StoreViews views_;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_ACTIVITY_ACTIVITY_READER_H_
