#include "services/policy/expiry_preview.h"

#include <algorithm>
#include <memory>

#include "services/common/convert.h"
#include "services/market/market_figures.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/policy/lots.h"
#include "storage/core/names.h"
#include "storage/policy/policy_state.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_reader.h"
#include "storage/core/views.h"

namespace jiamei::services {
namespace {

// Holds a snapshot for as long as it lives.
class Snapshot {
 public:
  explicit Snapshot(const storage::Store* store)
      : store_(store), snapshot_(store->db()->GetSnapshot()) {}
  ~Snapshot() { store_->db()->ReleaseSnapshot(snapshot_); }
  const rocksdb::Snapshot* get() const { return snapshot_; }

 private:
  const storage::Store* store_;
  const rocksdb::Snapshot* snapshot_;
};

}  // namespace

absl::StatusOr<std::vector<ExpiryPreviewLine>> PreviewExpiryOf(
    const storage::Store* store, uint64_t unit, absl::CivilDay as_of) {
  const Snapshot snapshot(store);
  const storage::StoreViews views(store, snapshot.get());
  const storage::RegistryReader reader(store, snapshot.get());
  const storage::LedgerReader ledger(store, snapshot.get());
  std::vector<uint64_t> villages;
  if (absl::Status s = VillagesOf(reader, unit, 2, &villages); !s.ok()) {
    return s;
  }
  std::vector<ExpiryPreviewLine> lines;
  for (uint64_t village : villages) {
    absl::StatusOr<storage::EffectivePolicy> policy =
        storage::EffectivePolicyAt(views, village);
    if (!policy.ok()) return policy.status();
    if (policy->expiry.mode() == storage::kExpiryNever) continue;
    absl::StatusOr<storage::ExpiryPeriod> period =
        storage::PeriodOf(policy->expiry, as_of);
    if (!period.ok()) return period.status();
    absl::StatusOr<std::optional<storage::ExpiryRunRecord>> run =
        storage::FindExpiryRun(views, village, period->period);
    if (!run.ok()) return run.status();
    if (run->has_value()) continue;
    absl::StatusOr<std::vector<uint64_t>> households = reader.ListIds(
        storage::Index::kVillageHousehold, village, 0, INT32_MAX);
    if (!households.ok()) return households.status();
    for (uint64_t id : *households) {
      absl::StatusOr<storage::HouseholdRecord> household =
          reader.GetHousehold(id);
      if (!household.ok()) return household.status();
      absl::StatusOr<storage::LotsRecord> lots =
          storage::FindLots(views, household->account());
      if (!lots.ok()) return lots.status();
      const int64_t points = storage::PointsUpTo(*lots, period->cutoff);
      if (points == 0) continue;
      absl::StatusOr<storage::AccountView> account =
          ledger.GetAccount(household->account());
      if (!account.ok()) return account.status();
      lines.push_back(
          {id, household->number(), account->balance.balance(), points});
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
  if (absl::Status s =
          VillagesOf(storage::RegistryReader(store), unit, 2, &villages);
      !s.ok()) {
    return s;
  }
  std::unique_ptr<rocksdb::Iterator> it =
      store->NewIterator(storage::Cf::kIndex, nullptr);
  for (uint64_t village : villages) {
    const std::string prefix =
        storage::IndexKey(storage::Index::kExpiryRun, village);
    for (it->Seek(prefix); it->Valid() && storage::View(it->key()).substr(
                                              0, prefix.size()) == prefix;
         it->Next()) {
      storage::ExpiryRunRecord record;
      if (!record.ParseFromArray(it->value().data(),
                                 static_cast<int>(it->value().size()))) {
        return storage::Store::CorruptRecord(storage::Cf::kIndex,
                                             storage::View(it->key()));
      }
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
  if (!it->status().ok()) {
    return absl::UnavailableError(it->status().ToString());
  }
  return absl::OkStatus();
}

absl::Status FillExpiring(const storage::Store* store,
                          const storage::HouseholdRecord& household,
                          jiamei::v1::Statement* out) {
  const storage::StoreViews views(store);
  absl::StatusOr<storage::EffectivePolicy> policy =
      storage::EffectivePolicyAt(views, household.village());
  if (!policy.ok()) return policy.status();
  absl::StatusOr<storage::LotsRecord> lots =
      storage::FindLots(views, household.account());
  if (!lots.ok()) return lots.status();
  for (const auto& [day, points] :
       storage::ExpiryDates(*lots, policy->expiry)) {
    jiamei::v1::ExpiringPoints* expiring = out->add_expiring();
    expiring->set_date(absl::FormatCivilTime(day));
    expiring->set_points(points);
  }
  return absl::OkStatus();
}

}  // namespace jiamei::services
