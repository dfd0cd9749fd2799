#include "services/policy/expiry_preview.h"

#include <algorithm>

#include "services/common/convert.h"
#include "services/market/market_figures.h"
#include "storage/core/names.h"
#include "storage/core/snapshot.h"
#include "storage/core/status_macros.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/policy/lots.h"
#include "storage/policy/policy_reader.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {

absl::StatusOr<std::vector<ExpiryPreviewLine>> PreviewExpiryOf(
    const storage::Store* store, uint64_t unit, absl::CivilDay as_of) {
  const storage::Snapshot snapshot(store);
  const storage::PolicyReader policies(store, snapshot.get());
  const storage::RegistryReader reader(store, snapshot.get());
  const storage::LedgerReader ledger(store, snapshot.get());
  std::vector<uint64_t> villages;
  RETURN_IF_ERROR(VillagesOf(reader, unit, 2, &villages));
  std::vector<ExpiryPreviewLine> lines;
  for (uint64_t village : villages) {
    ASSIGN_OR_RETURN(const storage::EffectivePolicy policy,
                     policies.GetEffectivePolicy(village));
    if (policy.expiry.mode() == storage::kExpiryNever) continue;
    ASSIGN_OR_RETURN(const storage::ExpiryPeriod period,
                     storage::PeriodOf(policy.expiry, as_of));
    ASSIGN_OR_RETURN(const std::optional<storage::ExpiryRunRecord> run,
                     policies.GetExpiryRun(village, period.period));
    if (run.has_value()) continue;
    ASSIGN_OR_RETURN(const std::vector<uint64_t> households,
                     reader.ListIds(storage::Index::kVillageHousehold, village,
                                    0, INT32_MAX));
    for (uint64_t id : households) {
      ASSIGN_OR_RETURN(const storage::HouseholdRecord household,
                       reader.GetHousehold(id));
      ASSIGN_OR_RETURN(const storage::LotsRecord lots,
                       policies.GetLots(household.account()));
      const int64_t points = storage::PointsUpTo(lots, period.cutoff);
      if (points == 0) continue;
      ASSIGN_OR_RETURN(const storage::AccountView account,
                       ledger.GetAccount(household.account()));
      lines.push_back(
          {id, household.number(), account.balance.balance(), points});
    }
  }
  std::sort(lines.begin(), lines.end(),
            [](const ExpiryPreviewLine& a, const ExpiryPreviewLine& b) {
              return a.household < b.household;
            });
  return lines;
}

absl::Status ListExpiryRunsOf(const storage::Store* store, uint64_t unit,
                              jiamei::v1::ListExpiryRunsResponse* out) {
  std::vector<uint64_t> villages;
  RETURN_IF_ERROR(
      VillagesOf(storage::RegistryReader(store), unit, 2, &villages));
  const storage::PolicyReader policies(store);
  for (uint64_t village : villages) {
    ASSIGN_OR_RETURN(const std::vector<storage::ExpiryRunRecord> records,
                     policies.ListExpiryRuns(village));
    for (const storage::ExpiryRunRecord& record : records) {
      jiamei::v1::ExpiryRun* run = out->add_runs();
      run->set_village(storage::UnitName(record.village()));
      run->set_period(record.period());
      run->set_cutoff(absl::FormatCivilTime(absl::CivilDay(1970, 1, 1) +
                                            record.cutoff_day()));
      run->set_households(record.households());
      run->set_points(record.points());
      *run->mutable_sequences() = record.sequences();
      SetTime(record.time_micros(), run->mutable_time());
    }
  }
  return absl::OkStatus();
}

}  // namespace jiamei::services
