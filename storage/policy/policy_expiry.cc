// PolicyState's expiry runs: each chunk of a village's run for one period
// takes the households' points earned on or before the cutoff, oldest
// first, back to the issuance account of the unit whose policy sets the
// expiry.
#include <string>

#include "absl/strings/str_cat.h"
#include "storage/policy/honour.h"
#include "storage/policy/lots.h"
#include "storage/core/names.h"
#include "storage/policy/policy_state.h"
#include "storage/core/refusal.h"
#include "storage/registry/registry_keys.h"

namespace jiamei::storage {
namespace {

std::string RunKey(uint64_t village, const std::string& period) {
  return IndexKey(Index::kExpiryRun, village, period);
}

}  // namespace

absl::StatusOr<std::optional<ExpiryRunRecord>> FindExpiryRun(
    const ReadViews& views, uint64_t village, const std::string& period) {
  ExpiryRunRecord run;
  absl::StatusOr<bool> found =
      views.GetProto(Cf::kIndex, RunKey(village, period), &run);
  if (!found.ok()) return found.status();
  if (!*found) return std::nullopt;
  return run;
}

absl::Status PolicyState::CheckExpiry(PointsExpired* expired,
                                      PolicyChange* out) const {
  absl::StatusOr<EffectivePolicy> policy =
      EffectivePolicyAt(*views_, expired->village());
  if (!policy.ok()) return policy.status();
  absl::CivilDay as_of;
  if (!absl::ParseCivilTime(expired->as_of(), &as_of)) {
    return Refusal(absl::StatusCode::kInvalidArgument, "INVALID_DATE",
                   "as_of must be a date YYYY-MM-DD");
  }
  absl::StatusOr<ExpiryPeriod> period = PeriodOf(policy->expiry, as_of);
  if (!period.ok()) return period.status();
  absl::StatusOr<std::optional<ExpiryRunRecord>> run =
      FindExpiryRun(*views_, expired->village(), period->period);
  if (!run.ok()) return run.status();
  const int32_t done = run->has_value() ? (*run)->chunks() : 0;
  if (expired->chunk() != done || (done > 0 && expired->chunk() == 0)) {
    return Refusal(
        absl::StatusCode::kFailedPrecondition, "EXPIRY_ALREADY_RUN",
        absl::StrCat(UnitName(expired->village()),
                     " already expired its points for ", period->period));
  }
  absl::StatusOr<UnitRecord> issuer = views_->Require<UnitRecord>(
      Record::kUnit, policy->expiry_from, "UNIT_NOT_FOUND",
      UnitName(policy->expiry_from));
  if (!issuer.ok()) return issuer.status();
  expired->set_period(period->period);
  expired->set_cutoff_day(static_cast<int64_t>(DayNumber(period->cutoff)));
  expired->set_issuer(policy->expiry_from);
  for (ExpiredHousehold& h : *expired->mutable_households()) {
    absl::StatusOr<HouseholdRecord> household =
        views_->Require<HouseholdRecord>(Record::kHousehold, h.household(),
                                         "HOUSEHOLD_NOT_FOUND",
                                         HouseholdName(h.household()));
    if (!household.ok()) return household.status();
    if (household->village() != expired->village()) {
      return Refusal(absl::StatusCode::kInvalidArgument, "NOT_IN_VILLAGE",
                     absl::StrCat(HouseholdName(h.household()), " is not in ",
                                  UnitName(expired->village())));
    }
    absl::StatusOr<LotsRecord> lots = FindLots(*views_, household->account());
    if (!lots.ok()) return lots.status();
    h.set_points(PointsUpTo(*lots, period->cutoff));
    if (h.points() == 0) continue;
    TransferBody* t = out->add_transfers();
    t->set_debit_account(household->account());
    t->set_credit_account(issuer->issuance_account());
    t->set_amount(h.points());
    t->set_reason_code(kExpiryReasonCode);
    t->set_memo(absl::StrCat("expiry ", period->period, ": earned by ",
                             absl::FormatCivilTime(period->cutoff)));
  }
  return absl::OkStatus();
}

absl::Status PolicyState::ApplyExpiry(const EntryRecord& entry) {
  const PointsExpired& expired = entry.policy().expired();
  absl::StatusOr<std::optional<ExpiryRunRecord>> found =
      FindExpiryRun(*views_, expired.village(), expired.period());
  if (!found.ok()) return found.status();
  ExpiryRunRecord run = found->value_or(ExpiryRunRecord());
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
