// The points a household holds, by the day they were earned: the ledger's
// answer to "which points are oldest" that expiry needs. Credits add to
// their day's lot; debits (redemptions, deductions, expiry) take from the
// oldest lots first, so the lots always sum to the balance. Written by the
// sequencer for every entry that touches a household account and replayed
// by the audit like any other view.
#ifndef JIAMEI_STORAGE_POLICY_LOTS_H_
#define JIAMEI_STORAGE_POLICY_LOTS_H_

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "storage/core/postings.h"
#include "storage/core/records.pb.h"
#include "storage/core/views.h"

namespace jiamei::storage {

absl::StatusOr<LotsRecord> FindLots(const ReadViews& views, uint64_t account);

// Moves the lots of every household account `entry` changes by
// `postings` (its PostingsOf); `kind_of` tells an account's kind.
absl::Status MoveLotsOf(const EntryRecord& entry,
                        const std::vector<Posting>& postings,
                        const std::function<int32_t(uint64_t)>& kind_of,
                        Views* views);

// The points of `lots` earned on or before `cutoff`.
int64_t PointsUpTo(const LotsRecord& lots, absl::CivilDay cutoff);

// When the points of `lots` expire under `expiry`: (the first day a run
// takes them, points), soonest first. Empty when they never do.
std::vector<std::pair<absl::CivilDay, int64_t>> ExpiryDates(
    const LotsRecord& lots, const ExpirySetting& expiry);

// The period an expiry run on `as_of` closes and the last day whose points
// it takes; NOT_SET when points never expire.
struct ExpiryPeriod {
  std::string period;
  absl::CivilDay cutoff;
};
absl::StatusOr<ExpiryPeriod> PeriodOf(const ExpirySetting& expiry,
                                      absl::CivilDay as_of);

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_POLICY_LOTS_H_
