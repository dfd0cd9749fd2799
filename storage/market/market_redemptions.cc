// MarketState's redemptions (兑换) and voids: a household takes goods of a
// site that serves its village, paying their current prices in points, the
// stock and the points moving in one entry; a void gives both back, once.
#include <algorithm>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "storage/core/names.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_errors.h"
#include "storage/market/market_state.h"
#include "storage/market/market_transfers.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"

namespace jiamei::storage {

std::vector<MarketState::StockMove> MarketState::StockMoves(
    const Redeemed& redeemed, int32_t kind, int64_t sign) {
  std::vector<StockMove> moves;
  for (const RedeemedLine& item : redeemed.lines()) {
    StockMove& move = moves.emplace_back();
    move.good = item.good();
    move.line.set_kind(kind);
    move.line.set_change(sign * item.quantity());
    move.line.set_redemption(redeemed.redemption_id());
  }
  return moves;
}

absl::Status MarketState::CheckRedeem(Redeemed* redeemed,
                                      MarketChange* out) const {
  ASSIGN_OR_RETURN(const SiteRecord site, FindSite(*views_, redeemed->site()));
  ASSIGN_OR_RETURN(const HouseholdRecord household,
                   FindHousehold(*views_, redeemed->household()));
  const auto& villages = site.site().villages();
  if (std::find(villages.begin(), villages.end(), household.village()) ==
      villages.end()) {
    return errors::SiteDoesNotServe(redeemed->site(), household.village(),
                                    redeemed->household());
  }
  int64_t total = 0;
  absl::flat_hash_set<uint64_t> seen;
  for (RedeemedLine& line : *redeemed->mutable_lines()) {
    if (!seen.insert(line.good()).second) {
      return errors::DuplicateLineInRedemption(line.good());
    }
    ASSIGN_OR_RETURN(const GoodRecord good, FindGood(*views_, line.good()));
    const GoodFields& current = good.versions().rbegin()->good();
    if (good.site() != redeemed->site()) {
      return errors::GoodNotAtSite(line.good(), good.site());
    }
    if (!current.active()) {
      return errors::GoodInactive(line.good(), current.display_name());
    }
    if (good.stock() < line.quantity()) {
      return errors::InsufficientStockForRedemption(
          line.good(), current.display_name(), good.stock(), current.measure(),
          line.quantity());
    }
    line.set_good_version(good.versions_size());
    line.set_price(current.price());
    line.set_display_name(current.display_name());
    line.set_measure(current.measure());
    // Quantities and prices are bounded by the API; the sum cannot
    // overflow, but a corrupt record must not make it.
    if (__builtin_add_overflow(total, current.price() * line.quantity(),
                               &total)) {
      return errors::InvalidQuantity();
    }
  }
  *out->add_transfers() = MakeTransferBody(
      household.account(), site.account(), total, kRedemptionReasonCode,
      absl::StrCat("receipt ",
                   ReceiptNumber(redeemed->site(), redeemed->redemption_id())));
  return absl::OkStatus();
}

absl::Status MarketState::CheckVoid(const RedemptionVoided& request,
                                    MarketChange* out) const {
  ASSIGN_OR_RETURN(const RedemptionRecord redemption,
                   FindRedemption(*views_, request.redemption_id()));
  if (redemption.void_sequence() != 0) {
    return errors::AlreadyVoided(request.redemption_id(),
                                 redemption.void_sequence());
  }
  const Redeemed& r = redemption.redemption();
  ASSIGN_OR_RETURN(const SiteRecord site, FindSite(*views_, r.site()));
  ASSIGN_OR_RETURN(const HouseholdRecord household,
                   FindHousehold(*views_, r.household()));
  *out->add_transfers() = MakeTransferBody(
      site.account(), household.account(), redemption.total_points(),
      kVoidReasonCode,
      absl::StrCat("void of receipt ",
                   ReceiptNumber(r.site(), r.redemption_id())));
  return absl::OkStatus();
}

absl::Status MarketState::ApplyRedeem(const EntryRecord& entry) {
  const MarketChange& m = entry.market();
  const Redeemed& r = m.redeemed();
  RedemptionRecord record;
  *record.mutable_redemption() = r;
  record.set_total_points(m.transfers(0).amount());
  record.set_sequence(entry.sequence());
  ASSIGN_OR_RETURN(const std::vector<std::string> events,
                   EventKeys({r.household()}, entry));
  RETURN_IF_ERROR(MoveStock(entry, StockMoves(r, kStockRedemption, -1)));
  for (const std::string& key : events) views_->Put(Cf::kIndex, key, "");
  views_->PutProto(Cf::kRegistry,
                   RecordKey(Record::kRedemption, r.redemption_id()), record);
  views_->Put(Cf::kIndex,
              IndexKey(Index::kSiteRedemption, r.site(), r.redemption_id()),
              "");
  return absl::OkStatus();
}

absl::Status MarketState::ApplyVoid(const EntryRecord& entry) {
  const RedemptionVoided& v = entry.market().redemption_voided();
  ASSIGN_OR_RETURN(RedemptionRecord record,
                   FindRedemption(*views_, v.redemption_id()));
  record.set_void_sequence(entry.sequence());
  record.set_void_reason(v.reason());
  RETURN_IF_ERROR(
      MoveStock(entry, StockMoves(record.redemption(), kStockVoid, 1)));
  views_->PutProto(Cf::kRegistry,
                   RecordKey(Record::kRedemption, v.redemption_id()), record);
  return absl::OkStatus();
}

}  // namespace jiamei::storage
