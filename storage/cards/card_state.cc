#include "storage/cards/card_state.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/match.h"
#include "storage/cards/cards_errors.h"
#include "storage/core/keys.h"
#include "storage/core/names.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_errors.h"
#include "storage/market/market_state.h"
#include "storage/market/market_transfers.h"
#include "storage/registry/registry_keys.h"
#include "storage/registry/registry_lookup.h"
#include "storage/registry/registry_state.h"

namespace jiamei::storage {
namespace {

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
  return RequireRecord<CardRecord>(views, Record::kCard, serial,
                                   errors::CardNotFound);
}

absl::StatusOr<std::optional<CardFloatRecord>> FindCardFloat(
    const ReadViews& views, uint64_t unit) {
  CardFloatRecord record;
  ASSIGN_OR_RETURN(
      const bool found,
      views.GetProto(Cf::kRegistry, RecordKey(Record::kCardFloat, unit),
                     &record));
  if (!found) return std::nullopt;
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
  switch (out.change_case()) {
    case CardChange::kIssued:
      RETURN_IF_ERROR(CheckIssue(out.mutable_issued(), head, &out));
      break;
    case CardChange::kRedeemed:
      RETURN_IF_ERROR(CheckRedeem(out.redeemed(), &out));
      break;
    case CardChange::kVoided:
      RETURN_IF_ERROR(CheckVoid(out.voided(), &out));
      break;
    default:
      return errors::InvalidChange("card");
  }
  return out;
}

absl::Status CardState::CheckIssue(CardsIssued* issued, const HeadRecord& head,
                                   CardChange* out) const {
  // The API checks these too; the bounds keep a batch's records and its
  // points (at most 10^8) small whoever makes the command.
  if (issued->count() < 1 || issued->count() > kMaxCardsPerIssue) {
    return errors::InvalidCountOfIssue(kMaxCardsPerIssue);
  }
  if (issued->points() < 1 || issued->points() > kMaxCardPoints) {
    return errors::InvalidPoints(kMaxCardPoints);
  }
  ASSIGN_OR_RETURN(const UnitRecord unit, FindUnit(*views_, issued->unit()));
  ASSIGN_OR_RETURN(const std::optional<CardFloatRecord> card_float,
                   FindCardFloat(*views_, issued->unit()));
  uint64_t account = 0;
  if (card_float.has_value()) {
    account = card_float->account();
  } else {
    account = head.last_account_id() + 1;
    AccountOpening* opening = out->mutable_account();
    opening->set_account_id(account);
    opening->set_kind(kKindCards);
    opening->set_display_name(
        absl::StrCat(unit.unit().display_name(), " paper cards"));
    opening->set_unit(issued->unit());
  }
  const uint64_t first = head.last_card_id() + 1;
  issued->set_first_card(first);
  issued->set_float_account(account);
  *out->add_transfers() = MakeTransferBody(
      unit.issuance_account(), account, issued->count() * issued->points(),
      kCardIssueReasonCode,
      issued->count() == 1
          ? CardName(first)
          : absl::StrCat(CardName(first), " to ",
                         CardName(first + issued->count() - 1)));
  return absl::OkStatus();
}

absl::StatusOr<CardRecord> CardState::Outstanding(uint64_t serial) const {
  ASSIGN_OR_RETURN(CardRecord card, FindCard(*views_, serial));
  if (card.state() == kCardRedeemed) {
    return errors::CardAlreadyUsed(serial, card.close_sequence());
  }
  if (card.state() == kCardVoided) {
    return errors::CardVoided(serial, card.close_sequence());
  }
  return card;
}

absl::Status CardState::CheckRedeem(const CardRedeemed& redeemed,
                                    CardChange* out) const {
  ASSIGN_OR_RETURN(const CardRecord card, Outstanding(redeemed.card()));
  ASSIGN_OR_RETURN(const HouseholdRecord household,
                   FindHousehold(*views_, redeemed.household()));
  ASSIGN_OR_RETURN(const std::vector<uint64_t> units,
                   UnitAndAncestors(*views_, household.village()));
  if (std::find(units.begin(), units.end(), card.unit()) == units.end()) {
    return errors::CardNotApplicable(redeemed.card(), card.unit(),
                                     redeemed.household());
  }
  *out->add_transfers() =
      MakeTransferBody(card.float_account(), household.account(), card.points(),
                       kCardRedemptionReasonCode, CardName(redeemed.card()));
  return absl::OkStatus();
}

absl::Status CardState::CheckVoid(const CardVoided& voided,
                                  CardChange* out) const {
  ASSIGN_OR_RETURN(const CardRecord card, Outstanding(voided.card()));
  ASSIGN_OR_RETURN(const UnitRecord unit, FindUnit(*views_, card.unit()));
  *out->add_transfers() = MakeTransferBody(
      card.float_account(), unit.issuance_account(), card.points(),
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
  ASSIGN_OR_RETURN(CardRecord card, FindCard(*views_, serial));
  views_->Delete(Cf::kIndex, StateKey(card.unit(), card.state(), serial));
  card.set_state(state);
  card.set_close_sequence(entry.sequence());
  card.set_close_time_micros(entry.time_micros());
  card.set_close_actor(entry.actor());
  card.set_household(household);
  card.set_reason(reason);
  views_->PutProto(Cf::kRegistry, RecordKey(Record::kCard, serial), card);
  views_->Put(Cf::kIndex, StateKey(card.unit(), state, serial), "");
  return absl::OkStatus();
}

}  // namespace jiamei::storage
