// PolicyState's expiry runs: each chunk of a village's run for one period
// takes the households' points earned on or before the cutoff, oldest
// first, back to the issuance account of the unit whose policy sets the
// expiry.
#include <string>

#include "absl/strings/str_cat.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_transfers.h"
#include "storage/policy/lots.h"
#include "storage/policy/policy_errors.h"
#include "storage/policy/policy_state.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"

namespace jiamei::storage {
namespace {

std::string RunKey(uint64_t village, const std::string& period) {
  return IndexKey(Index::kExpiryRun, village, period);
}

}  // namespace

absl::StatusOr<std::optional<ExpiryRunRecord>> FindExpiryRun(
    const ReadViews& views, uint64_t village, const std::string& period) {
  ExpiryRunRecord run;
  ASSIGN_OR_RETURN(const bool found,
                   views.GetProto(Cf::kIndex, RunKey(village, period), &run));
  if (!found) return std::nullopt;
  return run;
}

absl::Status PolicyState::CheckExpiry(PointsExpired* expired,
                                      PolicyChange* out) const {
  ASSIGN_OR_RETURN(const EffectivePolicy policy,
                   EffectivePolicyAt(*views_, expired->village()));
  absl::CivilDay as_of;
  if (!absl::ParseCivilTime(expired->as_of(), &as_of)) {
    return errors::InvalidDate();
  }
  ASSIGN_OR_RETURN(const ExpiryPeriod period, PeriodOf(policy.expiry, as_of));
  ASSIGN_OR_RETURN(const std::optional<ExpiryRunRecord> run,
                   FindExpiryRun(*views_, expired->village(), period.period));
  const int32_t done = run.has_value() ? run->chunks() : 0;
  if (expired->chunk() != done || (done > 0 && expired->chunk() == 0)) {
    return errors::ExpiryAlreadyRun(expired->village(), period.period);
  }
  ASSIGN_OR_RETURN(const UnitRecord issuer,
                   FindUnit(*views_, policy.expiry_from));
  expired->set_period(period.period);
  expired->set_cutoff_day(static_cast<int64_t>(DayNumber(period.cutoff)));
  expired->set_issuer(policy.expiry_from);
  for (ExpiredHousehold& h : *expired->mutable_households()) {
    ASSIGN_OR_RETURN(const HouseholdRecord household,
                     FindHousehold(*views_, h.household()));
    if (household.village() != expired->village()) {
      return errors::NotInVillage(h.household(), expired->village());
    }
    ASSIGN_OR_RETURN(const LotsRecord lots,
                     FindLots(*views_, household.account()));
    h.set_points(PointsUpTo(lots, period.cutoff));
    if (h.points() == 0) continue;
    *out->add_transfers() =
        MakeTransferBody(household.account(), issuer.issuance_account(),
                         h.points(), kExpiryReasonCode,
                         absl::StrCat("expiry ", period.period, ": earned by ",
                                      absl::FormatCivilTime(period.cutoff)));
  }
  return absl::OkStatus();
}

absl::Status PolicyState::ApplyExpiry(const EntryRecord& entry) {
  const PointsExpired& expired = entry.policy().expired();
  ASSIGN_OR_RETURN(const std::optional<ExpiryRunRecord> found,
                   FindExpiryRun(*views_, expired.village(), expired.period()));
  ExpiryRunRecord run = found.value_or(ExpiryRunRecord());
  run.set_village(expired.village());
  run.set_period(expired.period());
  run.set_cutoff_day(expired.cutoff_day());
  run.set_as_of(expired.as_of());
  run.set_chunks(run.chunks() + 1);
  run.add_sequences(entry.sequence());
  if (run.time_micros() == 0) run.set_time_micros(entry.time_micros());
  for (const ExpiredHousehold& h : expired.households()) {
    if (h.points() == 0) continue;
    run.set_households(run.households() + 1);
    run.set_points(run.points() + h.points());
  }
  views_->PutProto(Cf::kIndex, RunKey(expired.village(), expired.period()),
                   run);
  return absl::OkStatus();
}

}  // namespace jiamei::storage
