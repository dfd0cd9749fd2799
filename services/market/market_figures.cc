#include "services/market/market_figures.h"

#include <map>
#include <memory>
#include <set>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "storage/policy/honour.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/market/market_state.h"
#include "storage/core/names.h"
#include "storage/policy/policy_state.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_reader.h"
#include "storage/core/views.h"

namespace jiamei::services {
namespace {

using storage::Index;

using storage::DayNumber;

// Tallies one period's entries; every record it needs is read once.
class Tally {
 public:
  Tally(const storage::Store* store, const rocksdb::Snapshot* snapshot,
        const Access& access, uint64_t unit)
      : views_(store, snapshot),
        reader_(store, snapshot),
        registry_(store, snapshot),
        access_(access),
        unit_(unit) {}

  absl::Status Add(uint64_t sequence) {
    absl::StatusOr<storage::EntryRecord> entry = reader_.GetEntry(sequence);
    if (!entry.ok()) return entry.status();
    const storage::MarketChange* market = storage::MarketOf(*entry);
    if (market == nullptr) return absl::OkStatus();
    const storage::MarketChange& m = *market;
    if (m.has_awards_made()) return AddAwards(m.awards_made());
    if (m.has_redeemed()) return AddRedemption(m.redeemed().redemption_id());
    return absl::OkStatus();
  }

  absl::Status Fill(jiamei::v1::MarketFigures* out) {
    for (const auto& [category, points] : by_category_) {
      jiamei::v1::CategoryPoints* c = out->add_issued_by_category();
      c->set_category(static_cast<jiamei::v1::RuleCategory>(category));
      c->set_points(points.first);
      c->set_awards(points.second);
      out->set_points_issued(out->points_issued() + points.first);
    }
    out->set_points_deducted(points_deducted_);
    out->set_points_redeemed(points_redeemed_);
    out->set_redemption_events(events_);
    out->set_households_redeemed(static_cast<int64_t>(households_.size()));
    for (uint64_t household : households_) {
      absl::StatusOr<std::vector<uint64_t>> members =
          registry_.ListIds(Index::kMember, household, 0, INT32_MAX);
      if (!members.ok()) return members.status();
      out->set_people_benefited(out->people_benefited() +
                                static_cast<int64_t>(members->size()));
    }
    for (const auto& [good, quantity] : handed_out_) {
      if (absl::Status s = AddGood(good, quantity, out->add_goods_handed_out());
          !s.ok()) {
        return s;
      }
    }
    return FillStock(out);
  }

 private:
  absl::StatusOr<bool> InUnit(uint64_t household) {
    auto it = in_unit_.find(household);
    if (it != in_unit_.end()) return it->second;
    absl::StatusOr<storage::HouseholdRecord> record =
        registry_.GetHousehold(household);
    if (!record.ok()) return record.status();
    absl::StatusOr<bool> within = access_.Within(record->village(), unit_);
    if (!within.ok()) return within.status();
    in_unit_[household] = *within;
    return *within;
  }

  absl::Status AddAwards(const storage::AwardsMade& awards) {
    for (const storage::AwardLine& line : awards.lines()) {
      if (!line.refusal_reason().empty()) continue;
      absl::StatusOr<bool> in = InUnit(line.household());
      if (!in.ok()) return in.status();
      if (!*in) continue;
      if (line.points() <= 0) {  // a deduction
        points_deducted_ -= line.points();
        continue;
      }
      absl::StatusOr<storage::RuleRecord> rule =
          storage::FindRule(views_, line.rule());
      if (!rule.ok()) return rule.status();
      const int32_t category =
          rule->versions(line.rule_version() - 1).rule().category();
      by_category_[category].first += line.points();
      by_category_[category].second += 1;
    }
    return absl::OkStatus();
  }

  absl::Status AddRedemption(uint64_t id) {
    absl::StatusOr<storage::RedemptionRecord> record =
        storage::FindRedemption(views_, id);
    if (!record.ok()) return record.status();
    if (record->void_sequence() != 0) return absl::OkStatus();
    ++events_;
    points_redeemed_ += record->total_points();
    households_.insert(record->redemption().household());
    for (const storage::RedeemedLine& line : record->redemption().lines()) {
      handed_out_[line.good()] += line.quantity();
    }
    return absl::OkStatus();
  }

  absl::Status AddGood(uint64_t id, int64_t quantity,
                       jiamei::v1::GoodQuantity* out) const {
    absl::StatusOr<storage::GoodRecord> good = storage::FindGood(views_, id);
    if (!good.ok()) return good.status();
    out->set_good(storage::GoodName(id));
    out->set_display_name(good->versions().rbegin()->good().display_name());
    out->set_site(storage::SiteName(good->site()));
    out->set_quantity(quantity);
    return absl::OkStatus();
  }

  absl::Status FillStock(jiamei::v1::MarketFigures* out) const {
    absl::StatusOr<std::vector<uint64_t>> sites =
        registry_.ListIds(Index::kUnitSite, unit_, 0, INT32_MAX);
    if (!sites.ok()) return sites.status();
    for (uint64_t site : *sites) {
      absl::StatusOr<std::vector<uint64_t>> goods =
          registry_.ListIds(Index::kSiteGood, site, 0, INT32_MAX);
      if (!goods.ok()) return goods.status();
      for (uint64_t good : *goods) {
        absl::StatusOr<storage::GoodRecord> record =
            storage::FindGood(views_, good);
        if (!record.ok()) return record.status();
        if (absl::Status s =
                AddGood(good, record->stock(), out->add_stock_on_hand());
            !s.ok()) {
          return s;
        }
      }
    }
    return absl::OkStatus();
  }

  const storage::StoreViews views_;
  const storage::LedgerReader reader_;
  const storage::RegistryReader registry_;
  const Access& access_;
  const uint64_t unit_;
  absl::flat_hash_map<uint64_t, bool> in_unit_;
  std::map<int32_t, std::pair<int64_t, int64_t>> by_category_;
  int64_t points_redeemed_ = 0;
  int64_t points_deducted_ = 0;
  int64_t events_ = 0;
  std::set<uint64_t> households_;
  std::map<uint64_t, int64_t> handed_out_;
};

}  // namespace

absl::Status VillagesOf(const storage::RegistryReader& reader, uint64_t unit,
                        int depth, std::vector<uint64_t>* villages) {
  absl::StatusOr<std::vector<uint64_t>> children =
      reader.ListIds(Index::kUnitChild, unit, 0, INT32_MAX);
  if (!children.ok()) return children.status();
  if (children->empty() || depth == 0) {
    villages->push_back(unit);
    return absl::OkStatus();
  }
  for (uint64_t child : *children) {
    if (absl::Status s = VillagesOf(reader, child, depth - 1, villages);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

namespace {

// The award and redemption entries of the households of `unit`'s villages,
// dated from `from` to `to`, each once.
absl::StatusOr<std::set<uint64_t>> EventsOf(const storage::Store* store,
                                            const rocksdb::Snapshot* snapshot,
                                            uint64_t unit, absl::CivilDay from,
                                            absl::CivilDay to) {
  std::vector<uint64_t> villages;
  if (absl::Status s = VillagesOf(storage::RegistryReader(store, snapshot),
                                  unit, 2, &villages);
      !s.ok()) {
    return s;
  }
  std::set<uint64_t> sequences;
  std::unique_ptr<rocksdb::Iterator> it =
      store->NewIterator(storage::Cf::kIndex, snapshot);
  for (uint64_t village : villages) {
    const std::string end =
        storage::IndexKey(Index::kMarketEvent, village, DayNumber(to) + 1);
    for (it->Seek(
             storage::IndexKey(Index::kMarketEvent, village, DayNumber(from)));
         it->Valid() && storage::View(it->key()) < end; it->Next()) {
      std::optional<uint64_t> sequence =
          storage::KeyId(storage::View(it->key()), 2);
      if (!sequence) {
        return storage::Store::CorruptRecord(storage::Cf::kIndex,
                                             storage::View(it->key()));
      }
      sequences.insert(*sequence);
    }
  }
  if (!it->status().ok()) {
    return absl::UnavailableError(it->status().ToString());
  }
  return sequences;
}

}  // namespace

absl::Status ComputeMarketFigures(const storage::Store* store,
                                  const Access& access, uint64_t unit,
                                  absl::CivilDay from, absl::CivilDay to,
                                  jiamei::v1::MarketFigures* out) {
  const rocksdb::Snapshot* snapshot = store->db()->GetSnapshot();
  absl::StatusOr<std::set<uint64_t>> sequences =
      EventsOf(store, snapshot, unit, from, to);
  absl::Status status = sequences.status();
  Tally tally(store, snapshot, access, unit);
  if (status.ok()) {
    for (uint64_t sequence : *sequences) {
      status = tally.Add(sequence);
      if (!status.ok()) break;
    }
  }
  if (status.ok()) status = tally.Fill(out);
  store->db()->ReleaseSnapshot(snapshot);
  return status;
}

}  // namespace jiamei::services
