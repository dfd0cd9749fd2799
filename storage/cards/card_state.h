// Paper point cards' rules: a unit issues a batch of numbered cards worth
// points, each redeemable once into a household of the unit or voided, and
// the derived records each accepted change writes. The points of the
// outstanding cards wait in the unit's card float account (opened by the
// unit's first issue): issuing moves them from the unit's issuance account
// to the float, redeeming from the float to the household, voiding from the
// float back to issuance; so the float's balance is always the points of
// the unit's outstanding cards, and the audit's balance replay proves it.
//
// Storage knows cards by serial only; the verification code printed beside
// the serial is checked in services/ before a command is made. Like the
// supermarket, only the sequencer's applier calls it (through StateMachine)
// and the audit replays the log through it.
#ifndef JIAMEI_STORAGE_CARDS_CARD_STATE_H_
#define JIAMEI_STORAGE_CARDS_CARD_STATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "storage/core/accounts.h"  // kKindCards
#include "storage/core/records.pb.h"
#include "storage/core/store.h"
#include "storage/core/views.h"

namespace jiamei::storage {

// Values of jiamei.v1.CardState, as stored.
inline constexpr int32_t kCardOutstanding = 1;
inline constexpr int32_t kCardRedeemed = 2;
inline constexpr int32_t kCardVoided = 3;
// Bounds of an issue.
inline constexpr int32_t kMaxCardsPerIssue = 1000;
inline constexpr int64_t kMaxCardPoints = 100000;
// Reason codes of the transfers cards make.
inline constexpr char kCardIssueReasonCode[] = "CARD_ISSUE";
inline constexpr char kCardRedemptionReasonCode[] = "CARD_REDEMPTION";
inline constexpr char kCardVoidReasonCode[] = "CARD_VOID";

inline std::string CardName(uint64_t serial) {
  return absl::StrCat("cards/", serial);
}

// `logged` as it was requested, without what the sequencer filled in.
CardChange AsRequested(CardChange logged);

// The record of card `serial` as the issue `entry` (a logged CardsIssued
// that covers `serial`) stored it: outstanding, nothing closed. The state
// machine stores it; IssueCards answers from it, so that a retry gets the
// first answer however its cards were used since.
CardRecord IssuedCard(const EntryRecord& entry, uint64_t serial);

// NOT_FOUND (CARD_NOT_FOUND) when absent.
absl::StatusOr<CardRecord> FindCard(const ReadViews& views, uint64_t serial);
// The unit's card float, if it has issued cards.
absl::StatusOr<std::optional<CardFloatRecord>> FindCardFloat(
    const ReadViews& views, uint64_t unit);

// Serials of `unit`'s cards after `after`, in order, at most `limit`; only
// those in `state` unless it is 0.
absl::StatusOr<std::vector<uint64_t>> ListCardIds(
    const Store* store, uint64_t unit, int32_t state, uint64_t after, int limit,
    const rocksdb::Snapshot* snapshot = nullptr);

class CardState {
 public:
  explicit CardState(Views* views) : views_(views) {}

  // Checks `requested` and returns it with the serials, the float account
  // (and its opening, the first time) and the transfers it makes filled in;
  // balances are checked by the caller. Refusals carry a reason.
  absl::StatusOr<CardChange> Check(const CardChange& requested,
                                   const HeadRecord& head,
                                   int64_t time_micros) const;

  // Writes the derived records of the logged `entry` and advances
  // head.last_card_id. Reads everything before writing anything.
  absl::Status Apply(const EntryRecord& entry, HeadRecord* head);

 private:
  absl::Status CheckIssue(CardsIssued* issued, const HeadRecord& head,
                          CardChange* out) const;
  // The card `serial`, refused unless it is outstanding.
  absl::StatusOr<CardRecord> Outstanding(uint64_t serial) const;
  absl::Status CheckRedeem(const CardRedeemed& redeemed, CardChange* out) const;
  absl::Status CheckVoid(const CardVoided& voided, CardChange* out) const;

  absl::Status ApplyIssue(const EntryRecord& entry, HeadRecord* head);
  absl::Status ApplyClose(const EntryRecord& entry, uint64_t serial,
                          int32_t state, uint64_t household,
                          const std::string& reason);

  Views* views_;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CARDS_CARD_STATE_H_
