// Typed reads of the points supermarket's views (rules, sites, goods, stock,
// redemptions, stocktakes and the market's event index), for the API. Like
// LedgerReader, they never wait for the sequencer: each call reads the
// latest durable state, or the snapshot given (storage/core/snapshot.h).
// The records are the ones MarketState wrote; nothing here rebuilds one.
#ifndef JIAMEI_STORAGE_MARKET_MARKET_READER_H_
#define JIAMEI_STORAGE_MARKET_MARKET_READER_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "storage/core/records.pb.h"
#include "storage/core/store.h"
#include "storage/core/views.h"

namespace jiamei::storage {

class MarketReader {
 public:
  // `snapshot` may be null: each read then sees the latest durable state.
  explicit MarketReader(const Store* store,
                        const rocksdb::Snapshot* snapshot = nullptr)
      : store_(store), snapshot_(snapshot), views_(store, snapshot) {}

  // NOT_FOUND with RULE_NOT_FOUND, SITE_NOT_FOUND, GOOD_NOT_FOUND,
  // REDEMPTION_NOT_FOUND or STOCKTAKE_NOT_FOUND ("<name> does not exist")
  // when absent; DATA_LOSS for a record that does not parse.
  absl::StatusOr<RuleRecord> GetRule(uint64_t id) const;
  absl::StatusOr<SiteRecord> GetSite(uint64_t id) const;
  absl::StatusOr<GoodRecord> GetGood(uint64_t id) const;
  absl::StatusOr<RedemptionRecord> GetRedemption(uint64_t id) const;
  absl::StatusOr<StocktakeRecord> GetStocktake(uint64_t id) const;
  // The redemption as it stood once the entry `sequence` (its own, or any
  // later one) was applied: a void logged after `sequence` is left out, so
  // that a retried Redeem answers what the first answer said.
  absl::StatusOr<RedemptionRecord> GetRedemptionAsOf(uint64_t id,
                                                     uint64_t sequence) const;

  // The stock line entry `sequence` wrote for `good`; INTERNAL ("no stock
  // line for goods/<good> at <sequence>") when it wrote none.
  absl::StatusOr<StockLine> GetStockLine(uint64_t good,
                                         uint64_t sequence) const;

  // The sites of `unit` (a site counts for its unit and every unit above),
  // the goods of `site`, the rules `unit` published: in id order, errors as
  // for GetSite, GetGood and GetRule.
  absl::StatusOr<std::vector<SiteRecord>> ListSites(uint64_t unit) const;
  absl::StatusOr<std::vector<GoodRecord>> ListGoods(uint64_t site) const;
  absl::StatusOr<std::vector<RuleRecord>> ListRules(uint64_t unit) const;
  // `unit` and the units above it, nearest first (UNIT_NOT_FOUND).
  absl::StatusOr<std::vector<uint64_t>> UnitAndAncestors(uint64_t unit) const;

  // The sequences of the award and redemption entries of the households of
  // `village` dated from `from` to `to` (inclusive, UTC+8 days), by day and
  // then sequence; an entry may appear once per village only. DATA_LOSS for
  // a malformed index key, UNAVAILABLE if RocksDB fails.
  absl::StatusOr<std::vector<uint64_t>> ListEvents(uint64_t village,
                                                   absl::CivilDay from,
                                                   absl::CivilDay to) const;

 private:
  const Store* store_;
  const rocksdb::Snapshot* snapshot_;
  const StoreViews views_;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_MARKET_MARKET_READER_H_
