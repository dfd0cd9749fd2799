// MarketState's sites, goods and stock: a township or village runs a site
// (积分超市) serving villages within it, with its own points account; goods
// are offered at a site by versions (price, measure, whether offered); each
// stock movement is a line of the good's stock ledger.
#include <utility>
#include <vector>

#include "storage/core/status_macros.h"
#include "storage/market/market_errors.h"
#include "storage/market/market_state.h"
#include "storage/registry/registry_errors.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"
#include "storage/registry/registry_state.h"

namespace jiamei::storage {

absl::Status MarketState::CheckSite(SiteCreated* site, const HeadRecord& head,
                                    AccountOpening* account) const {
  ASSIGN_OR_RETURN(const UnitRecord unit, FindUnit(*views_, site->unit()));
  if (unit.unit().level() == kLevelCounty) return errors::NotASiteUnit();
  for (uint64_t village : site->villages()) {
    ASSIGN_OR_RETURN(const UnitRecord v, FindUnit(*views_, village));
    if (v.unit().level() != kLevelVillage) {
      return errors::NotAVillageForSite(village);
    }
    if (village != site->unit() && v.unit().parent() != site->unit()) {
      return errors::VillageOutsideSite(village, site->unit());
    }
  }
  site->set_site_id(head.last_site_id() + 1);
  account->set_account_id(head.last_account_id() + 1);
  account->set_kind(kKindSupermarket);
  account->set_display_name(site->display_name());
  account->set_unit(site->unit());
  return absl::OkStatus();
}

absl::Status MarketState::CheckStock(const StockMoved& move) const {
  ASSIGN_OR_RETURN(const GoodRecord good, FindGood(*views_, move.good_id()));
  if (good.stock() + move.change() < 0) {
    return errors::InsufficientStock(move.good_id(), good.stock(),
                                     move.change());
  }
  return absl::OkStatus();
}

absl::Status MarketState::ApplySite(const EntryRecord& entry) {
  const MarketChange& m = entry.market();
  const SiteCreated& site = m.site_created();
  ASSIGN_OR_RETURN(const std::vector<uint64_t> units,
                   UnitAndAncestors(*views_, site.unit()));
  SiteRecord record;
  *record.mutable_site() = site;
  record.set_account(m.account().account_id());
  record.set_create_sequence(entry.sequence());
  record.set_create_time_micros(entry.time_micros());
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kSite, site.site_id()),
                   record);
  for (uint64_t unit : units) {
    views_->Put(Cf::kIndex, IndexKey(Index::kUnitSite, unit, site.site_id()),
                "");
  }
  return absl::OkStatus();
}

absl::Status MarketState::ApplyGood(const EntryRecord& entry) {
  const MarketChange& m = entry.market();
  GoodRecord record;
  GoodVersion version;
  if (m.has_good_added()) {
    record.set_id(m.good_added().good_id());
    record.set_site(m.good_added().site());
    *version.mutable_good() = m.good_added().good();
    views_->Put(Cf::kIndex,
                IndexKey(Index::kSiteGood, record.site(), record.id()), "");
  } else {
    ASSIGN_OR_RETURN(record, FindGood(*views_, m.good_revised().good_id()));
    *version.mutable_good() = m.good_revised().good();
  }
  version.set_sequence(entry.sequence());
  version.set_time_micros(entry.time_micros());
  *record.add_versions() = std::move(version);
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kGood, record.id()),
                   record);
  return absl::OkStatus();
}

absl::Status MarketState::MoveStock(const EntryRecord& entry,
                                    std::vector<StockMove> moves) {
  std::vector<GoodRecord> goods;
  for (const StockMove& move : moves) {
    ASSIGN_OR_RETURN(GoodRecord good, FindGood(*views_, move.good));
    goods.push_back(std::move(good));
  }
  for (size_t i = 0; i < goods.size(); ++i) {
    GoodRecord& good = goods[i];
    StockLine& line = moves[i].line;
    good.set_stock(good.stock() + line.change());
    line.set_stock_after(good.stock());
    views_->PutProto(Cf::kRegistry, RecordKey(Record::kGood, good.id()), good);
    views_->PutProto(Cf::kIndex,
                     IndexKey(Index::kStockLine, good.id(), entry.sequence()),
                     line);
  }
  return absl::OkStatus();
}

absl::Status MarketState::ApplyStock(const EntryRecord& entry) {
  const StockMoved& move = entry.market().stock_moved();
  StockMove stock{move.good_id(), {}};
  stock.line.set_kind(move.kind());
  stock.line.set_change(move.change());
  stock.line.set_note(move.note());
  return MoveStock(entry, {std::move(stock)});
}

}  // namespace jiamei::storage
