// What expiry will take, read without writing: a unit's preview before a
// run, and the runs made. (A household's points by the day they expire are
// part of its statement: services/market/market_service.cc.)
#ifndef JIAMEI_SERVICES_POLICY_EXPIRY_PREVIEW_H_
#define JIAMEI_SERVICES_POLICY_EXPIRY_PREVIEW_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "jiamei/v1/policy.pb.h"
#include "storage/core/store.h"

namespace jiamei::services {

struct ExpiryPreviewLine {
  uint64_t household;
  std::string number;
  int64_t balance;
  int64_t points;
};

// The households of `unit` that a run as of `as_of` would take points
// from, in id order, read on one snapshot. Villages whose points never
// expire, or whose run for the period is done, have none.
absl::StatusOr<std::vector<ExpiryPreviewLine>> PreviewExpiryOf(
    const storage::Store* store, uint64_t unit, absl::CivilDay as_of);

// The runs of the villages of `unit`, by village and period.
absl::Status ListExpiryRunsOf(const storage::Store* store, uint64_t unit,
                              jiamei::v1::ListExpiryRunsResponse* out);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_POLICY_EXPIRY_PREVIEW_H_
