// MarketState's stocktakes (盘点): an officer counts some of a site's goods;
// each good whose count differs from the stock ledger is moved to the count
// by a STOCKTAKE stock line naming the stocktake, all in the one entry that
// records the count. Goods not counted keep their stock. The rest of
// MarketState is in market_state.cc and the files it names.
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "storage/core/names.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_errors.h"
#include "storage/market/market_state.h"
#include "storage/registry/registry_keys.h"

namespace jiamei::storage {

absl::Status MarketState::CheckStocktake(StocktakeRecorded* stocktake,
                                         const HeadRecord& head) const {
  RETURN_IF_ERROR(FindSite(*views_, stocktake->site()).status());
  if (stocktake->lines().empty()) return errors::NoLines();
  absl::flat_hash_set<uint64_t> seen;
  for (StocktakeLine& line : *stocktake->mutable_lines()) {
    if (!seen.insert(line.good()).second) {
      return errors::DuplicateLineInStocktake(line.good());
    }
    if (line.counted() < 0) {
      return errors::InvalidCount(line.good(), line.counted());
    }
    ASSIGN_OR_RETURN(const GoodRecord good, FindGood(*views_, line.good()));
    if (good.site() != stocktake->site()) {
      return errors::GoodNotAtSiteForStocktake(line.good(), good.site(),
                                               stocktake->site());
    }
    const GoodFields& current = good.versions().rbegin()->good();
    line.set_expected(good.stock());
    // Both are at least 0: the difference cannot overflow.
    line.set_difference(line.counted() - good.stock());
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
    ASSIGN_OR_RETURN(const GoodRecord good, FindGood(*views_, line.good()));
    if (good.stock() != line.expected()) {
      return absl::InternalError(absl::StrCat(
          name, " expected ", line.expected(), " of ", GoodName(line.good()),
          " but the stock is ", good.stock()));
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
  RETURN_IF_ERROR(MoveStock(entry, std::move(moves)));
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
