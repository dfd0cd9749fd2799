// MarketState's stocktakes (盘点): an officer counts some of a site's goods;
// each good whose count differs from the stock ledger is moved to the count
// by a STOCKTAKE stock line naming the stocktake, all in the one entry that
// records the count. Goods not counted keep their stock. The rest of
// MarketState is in market_state.cc.
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "storage/market/market_state.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/registry/registry_keys.h"

namespace jiamei::storage {

absl::StatusOr<StocktakeRecord> FindStocktake(const ReadViews& views,
                                              uint64_t id) {
  return views.Require<StocktakeRecord>(
      Record::kStocktake, id, "STOCKTAKE_NOT_FOUND", StocktakeName(id));
}

absl::Status MarketState::CheckStocktake(StocktakeRecorded* stocktake,
                                         const HeadRecord& head) const {
  absl::StatusOr<SiteRecord> site = FindSite(*views_, stocktake->site());
  if (!site.ok()) return site.status();
  if (stocktake->lines().empty()) {
    return Refusal(absl::StatusCode::kInvalidArgument, "NO_LINES",
                   "a stocktake counts at least one good");
  }
  absl::flat_hash_set<uint64_t> seen;
  for (StocktakeLine& line : *stocktake->mutable_lines()) {
    if (!seen.insert(line.good()).second) {
      return Refusal(absl::StatusCode::kInvalidArgument, "DUPLICATE_LINE",
                     absl::StrCat(GoodName(line.good()), " is counted twice"));
    }
    if (line.counted() < 0) {
      return Refusal(
          absl::StatusCode::kInvalidArgument, "INVALID_COUNT",
          absl::StrCat(GoodName(line.good()),
                       ": a count cannot be negative, got ", line.counted()));
    }
    absl::StatusOr<GoodRecord> good = FindGood(*views_, line.good());
    if (!good.ok()) return good.status();
    if (good->site() != stocktake->site()) {
      return Refusal(absl::StatusCode::kFailedPrecondition, "GOOD_NOT_AT_SITE",
                     absl::StrCat(GoodName(line.good()), " belongs to ",
                                  SiteName(good->site()), ", not to ",
                                  SiteName(stocktake->site())));
    }
    const GoodFields& current = good->versions().rbegin()->good();
    line.set_expected(good->stock());
    // Both are at least 0: the difference cannot overflow.
    line.set_difference(line.counted() - good->stock());
    line.set_display_name(current.display_name());
    line.set_measure(current.measure());
  }
  stocktake->set_stocktake_id(head.last_stocktake_id() + 1);
  return absl::OkStatus();
}

absl::Status MarketState::ApplyStocktake(const EntryRecord& entry) {
  const StocktakeRecorded& stocktake = entry.market().stocktake_recorded();
  const std::string name = StocktakeName(stocktake.stocktake_id());
  std::vector<StockMove> moves;
  for (const StocktakeLine& line : stocktake.lines()) {
    // The stock is what the check saw, as the check ran in this same step
    // (and runs again on replay); anything else is a damaged store.
    absl::StatusOr<GoodRecord> good = FindGood(*views_, line.good());
    if (!good.ok()) return good.status();
    if (good->stock() != line.expected()) {
      return absl::InternalError(absl::StrCat(
          name, " expected ", line.expected(), " of ", GoodName(line.good()),
          " but the stock is ", good->stock()));
    }
    if (line.difference() == 0) continue;
    StockMove& move = moves.emplace_back();
    move.good = line.good();
    move.line.set_kind(kStockStocktake);
    move.line.set_change(line.difference());
    move.line.set_stocktake(stocktake.stocktake_id());
    move.line.set_note(absl::StrCat(name, ": counted ", line.counted(),
                                    ", the ledger had ", line.expected()));
  }
  if (absl::Status s = MoveStock(entry, std::move(moves)); !s.ok()) return s;
  StocktakeRecord record;
  *record.mutable_stocktake() = stocktake;
  record.set_sequence(entry.sequence());
  record.set_time_micros(entry.time_micros());
  record.set_actor(entry.actor());
  views_->PutProto(Cf::kRegistry,
                   RecordKey(Record::kStocktake, stocktake.stocktake_id()),
                   record);
  views_->Put(Cf::kIndex,
              IndexKey(Index::kSiteStocktake, stocktake.site(),
                       stocktake.stocktake_id()),
              "");
  return absl::OkStatus();
}

}  // namespace jiamei::storage
