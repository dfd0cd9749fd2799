#include "storage/cards/card_state.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/match.h"
#include "storage/core/keys.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/market/market_state.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_state.h"

namespace jiamei::storage {
namespace {

using absl::StatusCode;

absl::Status Conflict(absl::string_view reason, absl::string_view message) {
  return Refusal(StatusCode::kFailedPrecondition, reason, message);
}

TransferBody Move(uint64_t debit, uint64_t credit, int64_t amount,
                  const char* reason_code, std::string memo) {
  TransferBody t;
  t.set_debit_account(debit);
  t.set_credit_account(credit);
  t.set_amount(amount);
  t.set_reason_code(reason_code);
  t.set_memo(std::move(memo));
  return t;
}

std::string StateKey(uint64_t unit, int32_t state, uint64_t serial) {
  return IndexKey(Index::kUnitCardState, unit, static_cast<uint64_t>(state),
                  serial);
}

}  // namespace

CardChange AsRequested(CardChange logged) {
  logged.clear_account();
  logged.clear_transfers();
  if (logged.has_issued()) {
    logged.mutable_issued()->clear_first_card();
    logged.mutable_issued()->clear_float_account();
  }
  return logged;
}

absl::StatusOr<CardRecord> FindCard(const ReadViews& views, uint64_t serial) {
  return views.Require<CardRecord>(Record::kCard, serial, "CARD_NOT_FOUND",
                                   CardName(serial));
}

absl::StatusOr<std::optional<CardFloatRecord>> FindCardFloat(
    const ReadViews& views, uint64_t unit) {
  CardFloatRecord record;
  absl::StatusOr<bool> found = views.GetProto(
      Cf::kRegistry, RecordKey(Record::kCardFloat, unit), &record);
  if (!found.ok()) return found.status();
  if (!*found) return std::nullopt;
  return record;
}

absl::StatusOr<std::vector<uint64_t>> ListCardIds(
    const Store* store, uint64_t unit, int32_t state, uint64_t after, int limit,
    const rocksdb::Snapshot* snapshot) {
  std::vector<uint64_t> ids;
  if (after == UINT64_MAX) return ids;
  const std::string prefix =
      state == 0
          ? IndexKey(Index::kUnitCard, unit)
          : IndexKey(Index::kUnitCardState, unit, static_cast<uint64_t>(state));
  const int position = state == 0 ? 1 : 2;
  std::unique_ptr<rocksdb::Iterator> it =
      store->NewIterator(Cf::kIndex, snapshot);
  std::string start = prefix;
  AppendBigEndian64(after + 1, &start);
  for (it->Seek(start); it->Valid() && static_cast<int>(ids.size()) < limit;
       it->Next()) {
    absl::string_view key = View(it->key());
    if (!absl::StartsWith(key, prefix)) break;
    std::optional<uint64_t> id = KeyId(key, position);
    if (!id) return Store::CorruptRecord(Cf::kIndex, key);
    ids.push_back(*id);
  }
  if (!it->status().ok()) {
    return absl::UnavailableError(it->status().ToString());
  }
  return ids;
}

absl::StatusOr<CardChange> CardState::Check(const CardChange& requested,
                                            const HeadRecord& head,
                                            int64_t /*time_micros*/) const {
  CardChange out = requested;
  absl::Status status;
  switch (out.change_case()) {
    case CardChange::kIssued:
      status = CheckIssue(out.mutable_issued(), head, &out);
      break;
    case CardChange::kRedeemed:
      status = CheckRedeem(out.redeemed(), &out);
      break;
    case CardChange::kVoided:
      status = CheckVoid(out.voided(), &out);
      break;
    default:
      return Refusal(StatusCode::kInvalidArgument, "INVALID_CHANGE",
                     "no card change given");
  }
  if (!status.ok()) return status;
  return out;
}

absl::Status CardState::CheckIssue(CardsIssued* issued, const HeadRecord& head,
                                   CardChange* out) const {
  // The API checks these too; the bounds keep a batch's records and its
  // points (at most 10^8) small whoever makes the command.
  if (issued->count() < 1 || issued->count() > kMaxCardsPerIssue) {
    return Refusal(StatusCode::kInvalidArgument, "INVALID_COUNT",
                   absl::StrCat("count must be 1 to ", kMaxCardsPerIssue));
  }
  if (issued->points() < 1 || issued->points() > kMaxCardPoints) {
    return Refusal(StatusCode::kInvalidArgument, "INVALID_POINTS",
                   absl::StrCat("points must be 1 to ", kMaxCardPoints));
  }
  absl::StatusOr<UnitRecord> unit =
      views_->Require<UnitRecord>(Record::kUnit, issued->unit(),
                                  "UNIT_NOT_FOUND", UnitName(issued->unit()));
  if (!unit.ok()) return unit.status();
  absl::StatusOr<std::optional<CardFloatRecord>> card_float =
      FindCardFloat(*views_, issued->unit());
  if (!card_float.ok()) return card_float.status();
  uint64_t account = 0;
  if (card_float->has_value()) {
    account = (*card_float)->account();
  } else {
    account = head.last_account_id() + 1;
    AccountOpening* opening = out->mutable_account();
    opening->set_account_id(account);
    opening->set_kind(kKindCards);
    opening->set_display_name(
        absl::StrCat(unit->unit().display_name(), " paper cards"));
    opening->set_unit(issued->unit());
  }
  const uint64_t first = head.last_card_id() + 1;
  issued->set_first_card(first);
  issued->set_float_account(account);
  *out->add_transfers() =
      Move(unit->issuance_account(), account,
           issued->count() * issued->points(), kCardIssueReasonCode,
           issued->count() == 1
               ? CardName(first)
               : absl::StrCat(CardName(first), " to ",
                              CardName(first + issued->count() - 1)));
  return absl::OkStatus();
}

absl::StatusOr<CardRecord> CardState::Outstanding(uint64_t serial) const {
  absl::StatusOr<CardRecord> card = FindCard(*views_, serial);
  if (!card.ok()) return card.status();
  if (card->state() == kCardRedeemed) {
    return Conflict("CARD_ALREADY_USED",
                    absl::StrCat(CardName(serial), " was redeemed by ",
                                 TransferName(card->close_sequence())));
  }
  if (card->state() == kCardVoided) {
    return Conflict("CARD_VOIDED",
                    absl::StrCat(CardName(serial), " was voided by ",
                                 TransferName(card->close_sequence())));
  }
  return card;
}

absl::Status CardState::CheckRedeem(const CardRedeemed& redeemed,
                                    CardChange* out) const {
  absl::StatusOr<CardRecord> card = Outstanding(redeemed.card());
  if (!card.ok()) return card.status();
  absl::StatusOr<HouseholdRecord> household = views_->Require<HouseholdRecord>(
      Record::kHousehold, redeemed.household(), "HOUSEHOLD_NOT_FOUND",
      HouseholdName(redeemed.household()));
  if (!household.ok()) return household.status();
  absl::StatusOr<std::vector<uint64_t>> units =
      UnitAndAncestors(*views_, household->village());
  if (!units.ok()) return units.status();
  if (std::find(units->begin(), units->end(), card->unit()) == units->end()) {
    return Conflict(
        "CARD_NOT_APPLICABLE",
        absl::StrCat(CardName(redeemed.card()), " is issued by ",
                     UnitName(card->unit()), "; ",
                     HouseholdName(redeemed.household()), " is outside it"));
  }
  *out->add_transfers() =
      Move(card->float_account(), household->account(), card->points(),
           kCardRedemptionReasonCode, CardName(redeemed.card()));
  return absl::OkStatus();
}

absl::Status CardState::CheckVoid(const CardVoided& voided,
                                  CardChange* out) const {
  absl::StatusOr<CardRecord> card = Outstanding(voided.card());
  if (!card.ok()) return card.status();
  absl::StatusOr<UnitRecord> unit = views_->Require<UnitRecord>(
      Record::kUnit, card->unit(), "UNIT_NOT_FOUND", UnitName(card->unit()));
  if (!unit.ok()) return unit.status();
  *out->add_transfers() =
      Move(card->float_account(), unit->issuance_account(), card->points(),
           kCardVoidReasonCode, CardName(voided.card()));
  return absl::OkStatus();
}

absl::Status CardState::Apply(const EntryRecord& entry, HeadRecord* head) {
  const CardChange& change = entry.card();
  switch (change.change_case()) {
    case CardChange::kIssued:
      return ApplyIssue(entry, head);
    case CardChange::kRedeemed:
      return ApplyClose(entry, change.redeemed().card(), kCardRedeemed,
                        change.redeemed().household(), "");
    case CardChange::kVoided:
      return ApplyClose(entry, change.voided().card(), kCardVoided, 0,
                        change.voided().reason());
    default:
      return absl::InternalError("empty card change");
  }
}

CardRecord IssuedCard(const EntryRecord& entry, uint64_t serial) {
  const CardsIssued& issued = entry.card().issued();
  CardRecord card;
  card.set_id(serial);
  card.set_unit(issued.unit());
  card.set_points(issued.points());
  card.set_float_account(issued.float_account());
  card.set_issue_sequence(entry.sequence());
  card.set_issue_time_micros(entry.time_micros());
  card.set_issue_actor(entry.actor());
  card.set_note(issued.note());
  card.set_state(kCardOutstanding);
  return card;
}

absl::Status CardState::ApplyIssue(const EntryRecord& entry, HeadRecord* head) {
  const CardChange& change = entry.card();
  const CardsIssued& issued = change.issued();
  if (change.has_account()) {
    CardFloatRecord record;
    record.set_unit(issued.unit());
    record.set_account(change.account().account_id());
    record.set_open_sequence(entry.sequence());
    views_->PutProto(Cf::kRegistry,
                     RecordKey(Record::kCardFloat, issued.unit()), record);
  }
  for (int32_t i = 0; i < issued.count(); ++i) {
    const uint64_t serial = issued.first_card() + i;
    views_->PutProto(Cf::kRegistry, RecordKey(Record::kCard, serial),
                     IssuedCard(entry, serial));
    views_->Put(Cf::kIndex, IndexKey(Index::kUnitCard, issued.unit(), serial),
                "");
    views_->Put(Cf::kIndex, StateKey(issued.unit(), kCardOutstanding, serial),
                "");
  }
  if (issued.count() > 0) {
    head->set_last_card_id(issued.first_card() + issued.count() - 1);
  }
  return absl::OkStatus();
}

absl::Status CardState::ApplyClose(const EntryRecord& entry, uint64_t serial,
                                   int32_t state, uint64_t household,
                                   const std::string& reason) {
  absl::StatusOr<CardRecord> card = FindCard(*views_, serial);
  if (!card.ok()) return card.status();
  views_->Delete(Cf::kIndex, StateKey(card->unit(), card->state(), serial));
  card->set_state(state);
  card->set_close_sequence(entry.sequence());
  card->set_close_time_micros(entry.time_micros());
  card->set_close_actor(entry.actor());
  card->set_household(household);
  card->set_reason(reason);
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kCard, serial), *card);
  views_->Put(Cf::kIndex, StateKey(card->unit(), state, serial), "");
  return absl::OkStatus();
}

}  // namespace jiamei::storage
