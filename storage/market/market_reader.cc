#include "storage/market/market_reader.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "storage/core/names.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_state.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::storage {
namespace {

// The records `find` reads for each id of `ids`, in order.
template <typename Record, typename Find>
absl::StatusOr<std::vector<Record>> Each(
    absl::StatusOr<std::vector<uint64_t>> ids, Find find) {
  ASSIGN_OR_RETURN(const std::vector<uint64_t> list, std::move(ids));
  std::vector<Record> records;
  records.reserve(list.size());
  for (uint64_t id : list) {
    ASSIGN_OR_RETURN(records.emplace_back(), find(id));
  }
  return records;
}

}  // namespace

absl::StatusOr<RuleRecord> MarketReader::GetRule(uint64_t id) const {
  return FindRule(views_, id);
}

absl::StatusOr<SiteRecord> MarketReader::GetSite(uint64_t id) const {
  return FindSite(views_, id);
}

absl::StatusOr<GoodRecord> MarketReader::GetGood(uint64_t id) const {
  return FindGood(views_, id);
}

absl::StatusOr<RedemptionRecord> MarketReader::GetRedemption(
    uint64_t id) const {
  return FindRedemption(views_, id);
}

absl::StatusOr<StocktakeRecord> MarketReader::GetStocktake(uint64_t id) const {
  return FindStocktake(views_, id);
}

absl::StatusOr<RedemptionRecord> MarketReader::GetRedemptionAsOf(
    uint64_t id, uint64_t sequence) const {
  ASSIGN_OR_RETURN(RedemptionRecord record, FindRedemption(views_, id));
  // MarketState's void sets these two fields and nothing else.
  if (record.void_sequence() > sequence) {
    record.clear_void_sequence();
    record.clear_void_reason();
  }
  return record;
}

absl::StatusOr<StockLine> MarketReader::GetStockLine(uint64_t good,
                                                     uint64_t sequence) const {
  StockLine line;
  ASSIGN_OR_RETURN(
      const bool found,
      views_.GetProto(Cf::kIndex, IndexKey(Index::kStockLine, good, sequence),
                      &line));
  if (!found) {
    return absl::InternalError(
        absl::StrCat("no stock line for ", GoodName(good), " at ", sequence));
  }
  return line;
}

absl::StatusOr<std::vector<SiteRecord>> MarketReader::ListSites(
    uint64_t unit) const {
  return Each<SiteRecord>(RegistryReader(store_, snapshot_)
                              .ListIds(Index::kUnitSite, unit, 0, INT32_MAX),
                          [this](uint64_t id) { return GetSite(id); });
}

absl::StatusOr<std::vector<GoodRecord>> MarketReader::ListGoods(
    uint64_t site) const {
  return Each<GoodRecord>(RegistryReader(store_, snapshot_)
                              .ListIds(Index::kSiteGood, site, 0, INT32_MAX),
                          [this](uint64_t id) { return GetGood(id); });
}

absl::StatusOr<std::vector<RuleRecord>> MarketReader::ListRules(
    uint64_t unit) const {
  return Each<RuleRecord>(RegistryReader(store_, snapshot_)
                              .ListIds(Index::kUnitRule, unit, 0, INT32_MAX),
                          [this](uint64_t id) { return GetRule(id); });
}

absl::StatusOr<std::vector<uint64_t>> MarketReader::UnitAndAncestors(
    uint64_t unit) const {
  return storage::UnitAndAncestors(views_, unit);
}

absl::StatusOr<std::vector<uint64_t>> MarketReader::ListEvents(
    uint64_t village, absl::CivilDay from, absl::CivilDay to) const {
  std::vector<uint64_t> sequences;
  std::unique_ptr<rocksdb::Iterator> it =
      store_->NewIterator(Cf::kIndex, snapshot_);
  const std::string end =
      IndexKey(Index::kMarketEvent, village, DayNumber(to) + 1);
  for (it->Seek(IndexKey(Index::kMarketEvent, village, DayNumber(from)));
       it->Valid() && View(it->key()) < end; it->Next()) {
    std::optional<uint64_t> sequence = KeyId(View(it->key()), 2);
    if (!sequence) return Store::CorruptRecord(Cf::kIndex, View(it->key()));
    sequences.push_back(*sequence);
  }
  if (!it->status().ok()) {
    return absl::UnavailableError(it->status().ToString());
  }
  return sequences;
}

}  // namespace jiamei::storage
