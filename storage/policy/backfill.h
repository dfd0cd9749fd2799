// The window of days a record may count on, before the day it is recorded
// on (补录, back-filled records).
//
// An award may carry an event day in the past: the day it counts on in
// caps, expiry lots, honour, rankings and figures (storage/policy/
// effective_day.h). That day may not be after the day it is recorded on
// (EFFECTIVE_DATE_IN_FUTURE), nor before 1 January of `backfill_years`
// years before the recording year (BEFORE_BACKFILL_WINDOW; the unit's
// setting, default 1: the current and previous year). Recorded after the
// unit's recording deadline it needs a reason and waits for a second
// officer (PolicyState::Propose). Redemptions, stock movements, activities
// and card redemptions are to be judged by the same window (docs/limits.md).
#ifndef JIAMEI_STORAGE_POLICY_BACKFILL_H_
#define JIAMEI_STORAGE_POLICY_BACKFILL_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"

namespace jiamei::storage {

struct EffectivePolicy;  // storage/policy/policy_state.h

// Refuses a record of `unit` (whose settings are `policy`) recorded on
// `recorded` that counts on `effective`, when that day is outside the
// unit's window.
absl::Status CheckBackfillWindow(const EffectivePolicy& policy, uint64_t unit,
                                 absl::CivilDay effective,
                                 absl::CivilDay recorded);

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_POLICY_BACKFILL_H_
