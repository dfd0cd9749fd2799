// Typed reads of points policy's views (each unit's settings and what they
// come to, approvals, expiry runs and lots, honour and the honour days the
// rankings add up), for the API. Like LedgerReader, they never wait for the
// sequencer: each call reads the latest durable state, or the snapshot
// given (storage/core/snapshot.h). The records are the ones PolicyState and
// the honour rules wrote; nothing here rebuilds one.
#ifndef JIAMEI_STORAGE_POLICY_POLICY_READER_H_
#define JIAMEI_STORAGE_POLICY_POLICY_READER_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "storage/core/records.pb.h"
#include "storage/core/store.h"
#include "storage/core/views.h"
#include "storage/policy/policy_state.h"

namespace jiamei::storage {

// One honour day of a subject (a household, or a volunteer's service).
struct HonourDayLine {
  uint64_t subject;
  HonourDay day;
};

class PolicyReader {
 public:
  // `snapshot` may be null: each read then sees the latest durable state.
  explicit PolicyReader(const Store* store,
                        const rocksdb::Snapshot* snapshot = nullptr)
      : store_(store), snapshot_(snapshot), views_(store, snapshot) {}

  // The unit's own settings, if it set any (the latest: a later setting
  // replaces the record).
  absl::StatusOr<std::optional<PolicyRecord>> GetOwnPolicy(uint64_t unit) const;
  // The settings in force at `unit`, inherited from the units above it
  // (UNIT_NOT_FOUND for a unit, or an ancestor, that does not exist).
  absl::StatusOr<EffectivePolicy> GetEffectivePolicy(uint64_t unit) const;
  // NOT_FOUND (APPROVAL_NOT_FOUND) when absent.
  absl::StatusOr<ApprovalRecord> GetApproval(uint64_t id) const;
  // A village's expiry run for `period`, if there was one.
  absl::StatusOr<std::optional<ExpiryRunRecord>> GetExpiryRun(
      uint64_t village, const std::string& period) const;
  // The runs of `village`, in the order of their periods' keys.
  // DATA_LOSS for a record that does not parse, UNAVAILABLE if RocksDB
  // fails.
  absl::StatusOr<std::vector<ExpiryRunRecord>> ListExpiryRuns(
      uint64_t village) const;
  // A household account's points by the day they were earned (empty for an
  // account that never had any).
  absl::StatusOr<LotsRecord> GetLots(uint64_t account) const;

  // The honour of a household, or of a volunteer (`volunteer`); an empty
  // record for one that has none yet.
  absl::StatusOr<HonourRecord> GetHonour(uint64_t subject,
                                         bool volunteer) const;
  // The honour days of `village` from `from` to `to` (inclusive), of its
  // households or (`volunteers`) of the service of its volunteers: by day,
  // then subject. DATA_LOSS for a malformed key or value, UNAVAILABLE if
  // RocksDB fails.
  absl::StatusOr<std::vector<HonourDayLine>> ListHonourDays(
      uint64_t village, absl::CivilDay from, absl::CivilDay to,
      bool volunteers) const;

 private:
  const Store* store_;
  const rocksdb::Snapshot* snapshot_;
  const StoreViews views_;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_POLICY_POLICY_READER_H_
