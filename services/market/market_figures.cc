#include "services/market/market_figures.h"

#include <map>
#include <memory>
#include <set>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "storage/core/names.h"
#include "storage/core/snapshot.h"
#include "storage/core/status_macros.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/market/market_reader.h"
#include "storage/policy/policy_state.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

using storage::Index;

// Tallies one period's entries; every record it needs is read once.
class Tally {
 public:
  Tally(const storage::Store* store, const storage::Snapshot& snapshot,
        const Access& access, uint64_t unit)
      : market_(store, snapshot.get()),
        reader_(store, snapshot.get()),
        registry_(store, snapshot.get()),
        access_(access),
        unit_(unit) {}

  absl::Status Add(uint64_t sequence) {
    ASSIGN_OR_RETURN(const storage::EntryRecord entry,
                     reader_.GetEntry(sequence));
    const storage::MarketChange* market = storage::MarketOf(entry);
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
    for (const auto& [household, members] : households_) {
      out->set_people_benefited(out->people_benefited() + members);
    }
    RETURN_IF_ERROR(
        AppendGoods(market_, handed_out_, out->mutable_goods_handed_out()));
    return AppendStock(market_, unit_, out->mutable_stock_on_hand());
  }

 private:
  absl::StatusOr<bool> InUnit(uint64_t household) {
    auto it = in_unit_.find(household);
    if (it != in_unit_.end()) return it->second;
    ASSIGN_OR_RETURN(const storage::HouseholdRecord record,
                     registry_.GetHousehold(household));
    ASSIGN_OR_RETURN(const bool within,
                     access_.Within(record.village(), unit_));
    in_unit_[household] = within;
    return within;
  }

  absl::Status AddAwards(const storage::AwardsMade& awards) {
    for (const storage::AwardLine& line : awards.lines()) {
      if (!line.refusal_reason().empty()) continue;
      ASSIGN_OR_RETURN(const bool in, InUnit(line.household()));
      if (!in) continue;
      if (line.points() <= 0) {  // a deduction
        points_deducted_ -= line.points();
        continue;
      }
      ASSIGN_OR_RETURN(const storage::RuleRecord rule,
                       market_.GetRule(line.rule()));
      const int32_t category =
          rule.versions(line.rule_version() - 1).rule().category();
      by_category_[category].first += line.points();
      by_category_[category].second += 1;
    }
    return absl::OkStatus();
  }

  absl::Status AddRedemption(uint64_t id) {
    ASSIGN_OR_RETURN(const storage::RedemptionRecord record,
                     market_.GetRedemption(id));
    if (record.void_sequence() != 0) return absl::OkStatus();
    ++events_;
    points_redeemed_ += record.total_points();
    // Entries come in sequence order: the last redemption's count stays.
    ASSIGN_OR_RETURN(households_[record.redemption().household()],
                     MembersAt(registry_, record.redemption()));
    for (const storage::RedeemedLine& line : record.redemption().lines()) {
      handed_out_[line.good()] += line.quantity();
    }
    return absl::OkStatus();
  }

  const storage::MarketReader market_;
  const storage::LedgerReader reader_;
  const storage::RegistryReader registry_;
  const Access& access_;
  const uint64_t unit_;
  absl::flat_hash_map<uint64_t, bool> in_unit_;
  std::map<int32_t, std::pair<int64_t, int64_t>> by_category_;
  int64_t points_redeemed_ = 0;
  int64_t points_deducted_ = 0;
  int64_t events_ = 0;
  std::map<uint64_t, int64_t> households_;  // members at redemption
  std::map<uint64_t, int64_t> handed_out_;
};

}  // namespace

void GoodToProto(const storage::GoodRecord& good, int64_t quantity,
                 jiamei::v1::GoodQuantity* out) {
  out->set_good(storage::GoodName(good.id()));
  out->set_display_name(good.versions().rbegin()->good().display_name());
  out->set_site(storage::SiteName(good.site()));
  out->set_quantity(quantity);
}

absl::Status AppendGoods(const storage::MarketReader& market,
                         const std::map<uint64_t, int64_t>& quantities,
                         GoodQuantities* out) {
  for (const auto& [good, quantity] : quantities) {
    ASSIGN_OR_RETURN(const storage::GoodRecord record, market.GetGood(good));
    GoodToProto(record, quantity, out->Add());
  }
  return absl::OkStatus();
}

absl::Status AppendStock(const storage::MarketReader& market, uint64_t unit,
                         GoodQuantities* out) {
  ASSIGN_OR_RETURN(const std::vector<storage::SiteRecord> sites,
                   market.ListSites(unit));
  for (const storage::SiteRecord& site : sites) {
    ASSIGN_OR_RETURN(const std::vector<storage::GoodRecord> goods,
                     market.ListGoods(site.site().site_id()));
    for (const storage::GoodRecord& good : goods) {
      GoodToProto(good, good.stock(), out->Add());
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> MembersAt(const storage::RegistryReader& registry,
                                  const storage::Redeemed& redeemed) {
  if (redeemed.members() > 0) return redeemed.members();
  ASSIGN_OR_RETURN(
      const std::vector<uint64_t> members,
      registry.ListIds(Index::kMember, redeemed.household(), 0, INT32_MAX));
  return static_cast<int64_t>(members.size());
}

absl::Status VillagesOf(const storage::RegistryReader& reader, uint64_t unit,
                        int depth, std::vector<uint64_t>* villages) {
  ASSIGN_OR_RETURN(const std::vector<uint64_t> children,
                   reader.ListIds(Index::kUnitChild, unit, 0, INT32_MAX));
  if (children.empty() || depth == 0) {
    villages->push_back(unit);
    return absl::OkStatus();
  }
  for (uint64_t child : children) {
    RETURN_IF_ERROR(VillagesOf(reader, child, depth - 1, villages));
  }
  return absl::OkStatus();
}

namespace {

// The award and redemption entries of the households of `unit`'s villages,
// dated from `from` to `to`, each once.
absl::StatusOr<std::set<uint64_t>> EventsOf(const storage::Store* store,
                                            const storage::Snapshot& snapshot,
                                            uint64_t unit, absl::CivilDay from,
                                            absl::CivilDay to) {
  std::vector<uint64_t> villages;
  RETURN_IF_ERROR(VillagesOf(storage::RegistryReader(store, snapshot.get()),
                             unit, 2, &villages));
  const storage::MarketReader market(store, snapshot.get());
  std::set<uint64_t> sequences;
  for (uint64_t village : villages) {
    ASSIGN_OR_RETURN(const std::vector<uint64_t> events,
                     market.ListEvents(village, from, to));
    sequences.insert(events.begin(), events.end());
  }
  return sequences;
}

}  // namespace

absl::Status ComputeMarketFigures(const storage::Store* store,
                                  const Access& access, uint64_t unit,
                                  absl::CivilDay from, absl::CivilDay to,
                                  jiamei::v1::MarketFigures* out) {
  const storage::Snapshot snapshot(store);
  ASSIGN_OR_RETURN(const std::set<uint64_t> sequences,
                   EventsOf(store, snapshot, unit, from, to));
  Tally tally(store, snapshot, access, unit);
  for (uint64_t sequence : sequences) RETURN_IF_ERROR(tally.Add(sequence));
  return tally.Fill(out);
}

}  // namespace jiamei::services
