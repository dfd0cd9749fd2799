#include "storage/policy/backfill.h"

#include "storage/policy/policy_errors.h"
#include "storage/policy/policy_state.h"

namespace jiamei::storage {
namespace {

// The first day a record made on `recorded` may count on under `years`.
absl::CivilDay BackfillWindowStart(int32_t years, absl::CivilDay recorded) {
  return absl::CivilDay(recorded.year() - years, 1, 1);
}

}  // namespace

absl::Status CheckBackfillWindow(const EffectivePolicy& policy, uint64_t unit,
                                 absl::CivilDay effective,
                                 absl::CivilDay recorded) {
  if (effective > recorded) {
    return errors::EffectiveDateInFuture(effective, recorded);
  }
  const absl::CivilDay start =
      BackfillWindowStart(policy.backfill_years, recorded);
  if (effective < start) {
    return errors::BeforeBackfillWindow(
        effective,
        policy.backfill_years_from != 0 ? policy.backfill_years_from : unit,
        policy.backfill_years, start);
  }
  return absl::OkStatus();
}

}  // namespace jiamei::storage
