// The points supermarket's rules: which rules, awards, sites, goods, stock
// movements, redemptions and voids are allowed, the points each moves, and
// the derived records each accepted change writes. Like the register
// (registry_state.h), only the sequencer's applier calls it, through
// StateMachine, and the audit replays the log through it.
//
// Days (a rule's validity, a cap's month or year, the figures' periods) are
// counted in China Standard Time, UTC+8, whatever the machine's zone: the
// log must replay to the same records anywhere.
#ifndef JIAMEI_STORAGE_MARKET_MARKET_STATE_H_
#define JIAMEI_STORAGE_MARKET_MARKET_STATE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "storage/core/records.pb.h"
#include "storage/core/views.h"
#include "storage/registry/registry_keys.h"  // Record, for Require

namespace jiamei::storage {

// Values of jiamei.v1 enums, as stored.
inline constexpr int32_t kCapNone = 0;
inline constexpr int32_t kCapMonth = 1;
inline constexpr int32_t kCapYear = 2;
inline constexpr int32_t kStockDonation = 1;
inline constexpr int32_t kStockPurchase = 2;
inline constexpr int32_t kStockLoss = 3;
inline constexpr int32_t kStockDamage = 4;
inline constexpr int32_t kStockCorrection = 5;
inline constexpr int32_t kStockRedemption = 6;
inline constexpr int32_t kStockVoid = 7;
inline constexpr int32_t kStockStocktake = 8;

// Reason codes of the transfers the supermarket makes.
inline constexpr char kAwardReasonCode[] = "AWARD";
inline constexpr char kRedemptionReasonCode[] = "REDEMPTION";
inline constexpr char kVoidReasonCode[] = "REDEMPTION_VOID";
inline constexpr char kDeductionReasonCode[] = "DEDUCTION";

// The day of `micros` in UTC+8.
absl::CivilDay MarketDay(int64_t micros);
// When an award or redemption happened: its desk time, or the entry's.
int64_t EventMicros(const EntryRecord& entry);

// `logged` as it was requested, without what the sequencer filled in.
MarketChange AsRequested(MarketChange logged);

// Lookups shared by the sequencer and the readers.
absl::StatusOr<RuleRecord> FindRule(const ReadViews& views, uint64_t id);
absl::StatusOr<SiteRecord> FindSite(const ReadViews& views, uint64_t id);
absl::StatusOr<GoodRecord> FindGood(const ReadViews& views, uint64_t id);
absl::StatusOr<RedemptionRecord> FindRedemption(const ReadViews& views,
                                                uint64_t id);
absl::StatusOr<StocktakeRecord> FindStocktake(const ReadViews& views,
                                              uint64_t id);
// `unit` and the units above it, nearest first.
absl::StatusOr<std::vector<uint64_t>> UnitAndAncestors(const ReadViews& views,
                                                       uint64_t unit);

class MarketState {
 public:
  // An account's balance now, for deductions; only Check calls it.
  using BalanceOf = std::function<absl::StatusOr<int64_t>(uint64_t account)>;

  explicit MarketState(Views* views, BalanceOf balance_of = nullptr)
      : views_(views), balance_of_(std::move(balance_of)) {}

  // Checks `requested`, made at `now_micros`, against the supermarket's
  // records. On success returns it with ids, versions, prices and the
  // transfers it makes filled in, ready to be logged; balances are checked
  // by the caller. Refusals carry a reason.
  absl::StatusOr<MarketChange> Check(const MarketChange& requested,
                                     const HeadRecord& head,
                                     int64_t now_micros) const;

  // Writes the derived records of the logged `entry` and advances the id
  // counters in `head`. Reads everything before writing anything.
  absl::Status Apply(const EntryRecord& entry, HeadRecord* head);

 private:
  absl::Status CheckRule(RuleFields* rule, bool publishing) const;
  absl::Status CheckAwards(AwardsMade* awards, int64_t now_micros,
                           MarketChange* out) const;
  // `balances` holds the change earlier lines of the entry made to each
  // household account, so that deductions never overdraw.
  absl::Status CheckAwardLine(AwardLine* line, absl::CivilDay day,
                              absl::flat_hash_map<uint64_t, int64_t>* balances,
                              std::optional<TransferBody>* transfer) const;
  absl::Status CheckSite(SiteCreated* site, const HeadRecord& head,
                         AccountOpening* account) const;
  absl::Status CheckStock(const StockMoved& move) const;
  absl::Status CheckRedeem(Redeemed* redeemed, MarketChange* out) const;
  absl::Status CheckVoid(const RedemptionVoided& void_request,
                         MarketChange* out) const;
  // Stocktakes (market_stocktake.cc).
  absl::Status CheckStocktake(StocktakeRecorded* stocktake,
                              const HeadRecord& head) const;

  absl::Status ApplyRule(const EntryRecord& entry);
  absl::Status ApplyAwards(const EntryRecord& entry);
  absl::Status ApplySite(const EntryRecord& entry);
  absl::Status ApplyGood(const EntryRecord& entry);
  absl::Status ApplyStock(const EntryRecord& entry);
  absl::Status ApplyRedeem(const EntryRecord& entry);
  absl::Status ApplyVoid(const EntryRecord& entry);
  absl::Status ApplyStocktake(const EntryRecord& entry);

  struct StockMove {
    uint64_t good;
    StockLine line;  // its change; stock_after is filled in
  };
  // The stock a redemption takes (sign -1) or a void gives back (+1).
  static std::vector<StockMove> StockMoves(const Redeemed& redeemed,
                                           int32_t kind, int64_t sign);
  // Moves the goods' stock (already checked) and writes their stock-ledger
  // lines; reads every good before writing.
  absl::Status MoveStock(const EntryRecord& entry,
                         std::vector<StockMove> moves);
  // The keys indexing an award or redemption entry under the households'
  // villages, for the figures (a township's are its villages').
  absl::StatusOr<std::vector<std::string>> EventKeys(
      const std::vector<uint64_t>& households, const EntryRecord& entry) const;
  static void AdvanceCounters(const MarketChange& change, HeadRecord* head);

  Views* views_;
  BalanceOf balance_of_;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_MARKET_MARKET_STATE_H_
