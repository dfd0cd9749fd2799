#include "services/cards/card_service.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/cards/cards_errors.h"
#include "services/common/convert.h"
#include "storage/cards/card_state.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/core/views.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

using storage::CardChange;
using storage::CardRecord;
using storage::Command;
using storage::EntryRecord;

}  // namespace

template <typename InScope>
absl::StatusOr<CardRecord> CardService::ReadCard(const Principal& caller,
                                                 const CardNumber& number,
                                                 InScope in_scope) const {
  ASSIGN_OR_RETURN(
      CardRecord card,
      storage::FindCard(storage::StoreViews(core_.store), number.serial));
  RETURN_IF_ERROR(in_scope(card));
  if (!number.code.has_value()) return card;
  const std::string who = storage::OperatorName(caller.operator_id);
  const absl::Time now = absl::Now();
  RETURN_IF_ERROR(code_throttle_.Admit(who, now, errors::kCardCodeThrottled,
                                       "wrong card codes"));
  if (!codes_.Accepts(number.serial, *number.code)) {
    code_throttle_.RecordFailure(who, now);
    return errors::CardCodeMismatch(number.serial);
  }
  return card;
}

absl::Status CardService::CardToProto(const CardRecord& card,
                                      const EntryRecord* closing,
                                      jiamei::v1::Card* out) const {
  out->set_name(storage::CardName(card.id()));
  out->set_serial(card.id());
  out->set_unit(storage::UnitName(card.unit()));
  out->set_points(card.points());
  out->set_state(static_cast<jiamei::v1::CardState>(card.state()));
  out->set_note(card.note());
  SetTime(card.issue_time_micros(), out->mutable_issue_time());
  if (card.issue_actor() != 0) {
    out->set_issued_by(storage::OperatorName(card.issue_actor()));
  }
  out->set_issue_transfer(storage::TransferName(card.issue_sequence()));
  if (card.close_sequence() == 0) return absl::OkStatus();
  if (card.household() != 0) {
    out->set_household(storage::HouseholdName(card.household()));
  }
  out->set_void_reason(card.reason());
  if (card.close_actor() != 0) {
    out->set_closed_by(storage::OperatorName(card.close_actor()));
  }
  EntryRecord read;
  if (closing == nullptr) {
    ASSIGN_OR_RETURN(
        read,
        storage::LedgerReader(core_.store).GetEntry(card.close_sequence()));
    closing = &read;
  }
  TransferToProto(*closing, std::nullopt, out->mutable_transfer(),
                  card.float_account());
  return absl::OkStatus();
}

absl::Status CardService::FillCard(uint64_t serial, const EntryRecord& closing,
                                   jiamei::v1::Card* out) const {
  // A redeemed or voided card never changes again, so its record now is
  // what the first answer showed.
  ASSIGN_OR_RETURN(CardRecord card,
                   storage::FindCard(storage::StoreViews(core_.store), serial));
  return CardToProto(card, &closing, out);
}

absl::Status CardService::HideClosingOutsideScope(const Principal& caller,
                                                  const CardRecord& card,
                                                  jiamei::v1::Card* out) const {
  ASSIGN_OR_RETURN(bool shown,
                   core_.access->Within(card.unit(), caller.scope_unit));
  if (!shown && card.household() != 0) {
    ASSIGN_OR_RETURN(
        storage::HouseholdRecord household,
        storage::RegistryReader(core_.store).GetHousehold(card.household()));
    ASSIGN_OR_RETURN(
        shown, core_.access->Within(household.village(), caller.scope_unit));
  }
  if (!shown) {
    out->clear_household();
    out->clear_closed_by();
    out->clear_transfer();
  }
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* CardService::IssueCards(
    Context* context, const jiamei::v1::IssueCardsRequest* request,
    jiamei::v1::CardBatch* response) {
  return ServeWrite(
      core_, context, kCardPermissions.Of("IssueCards"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        ASSIGN_OR_RETURN(uint64_t unit,
                         ParseName(request->unit(), "units", "unit"));
        if (request->count() < 1 ||
            request->count() > storage::kMaxCardsPerIssue) {
          // Refused at the door, as storage would (storage/cards).
          return errors::InvalidCountOfIssue(storage::kMaxCardsPerIssue);
        }
        if (request->points() < 1 ||
            request->points() > storage::kMaxCardPoints) {
          return errors::InvalidPoints(storage::kMaxCardPoints);
        }
        RETURN_IF_ERROR(
            ValidateText(request->note(), "note", 1, kMaxMemoBytes));
        RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, unit));
        CardChange change;
        storage::CardsIssued* issued = change.mutable_issued();
        issued->set_unit(unit);
        issued->set_count(request->count());
        issued->set_points(request->points());
        issued->set_note(request->note());
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::CardBatch* out) {
        // The batch as issued, from its entry: a retry gets the first
        // answer even after some of its cards were used.
        const storage::CardsIssued& issued = entry.card().issued();
        out->set_unit(storage::UnitName(issued.unit()));
        out->set_count(issued.count());
        out->set_points(issued.points());
        out->set_note(issued.note());
        out->set_float_account(storage::AccountName(issued.float_account()));
        TransferToProto(entry, std::nullopt, out->mutable_transfer());
        for (int32_t i = 0; i < issued.count(); ++i) {
          const CardRecord card =
              storage::IssuedCard(entry, issued.first_card() + i);
          jiamei::v1::Card* printed = out->add_cards();
          RETURN_IF_ERROR(CardToProto(card, nullptr, printed));
          printed->set_number(codes_.Number(card.id()));
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* CardService::GetCard(
    Context* context, const jiamei::v1::GetCardRequest* request,
    jiamei::v1::Card* response) {
  const Permission& permission = kCardPermissions.Of("GetCard");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(CardNumber number, ParseCardNumber(request->name(), "name",
                                                        /*allow_name=*/true));
    // A desk may look up a card of its own unit or of a unit above it: a
    // township's cards are presented at its villages' desks.
    ASSIGN_OR_RETURN(
        CardRecord card, ReadCard(caller, number, [&](const CardRecord& c) {
          return core_.access->RequireUnitOrAncestor(caller, c.unit());
        }));
    RETURN_IF_ERROR(CardToProto(card, nullptr, response));
    return HideClosingOutsideScope(caller, card, response);
  });
}

grpc::ServerUnaryReactor* CardService::ListCards(
    Context* context, const jiamei::v1::ListCardsRequest* request,
    jiamei::v1::ListCardsResponse* response) {
  const Permission& permission = kCardPermissions.Of("ListCards");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t unit,
                     ParseName(request->unit(), "units", "unit"));
    const int32_t state = request->state();
    if (state < 0 || state > storage::kCardVoided) {
      return errors::InvalidCardState(state);
    }
    ASSIGN_OR_RETURN(int size, ValidatePageSize(request->page_size()));
    RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, unit));
    const std::string list =
        absl::StrCat(storage::UnitName(unit), "/cards/", state);
    ASSIGN_OR_RETURN(uint64_t from,
                     core_.page_tokens->Resume(list, request->page_token(), 0));
    ASSIGN_OR_RETURN(
        std::vector<uint64_t> ids,
        storage::ListCardIds(core_.store, unit, state, from, size + 1));
    if (static_cast<int>(ids.size()) > size) {
      ids.pop_back();
      response->set_next_page_token(
          core_.page_tokens->Encode(list, ids.back()));
    }
    const storage::StoreViews views(core_.store);
    for (uint64_t id : ids) {
      ASSIGN_OR_RETURN(CardRecord card, storage::FindCard(views, id));
      RETURN_IF_ERROR(CardToProto(card, nullptr, response->add_cards()));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CardService::VoidCard(
    Context* context, const jiamei::v1::VoidCardRequest* request,
    jiamei::v1::Card* response) {
  return ServeWrite(
      core_, context, kCardPermissions.Of("VoidCard"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        ASSIGN_OR_RETURN(
            CardNumber number,
            ParseCardNumber(request->name(), "name", /*allow_name=*/true));
        RETURN_IF_ERROR(
            ValidateText(request->reason(), "reason", 1, kMaxMemoBytes));
        ASSIGN_OR_RETURN(CardRecord card,
                         ReadCard(caller, number, [&](const CardRecord& c) {
                           return core_.access->RequireUnit(caller, c.unit());
                         }));
        CardChange change;
        change.mutable_voided()->set_card(card.id());
        change.mutable_voided()->set_reason(request->reason());
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Card* out) {
        return FillCard(entry.card().voided().card(), entry, out);
      });
}

grpc::ServerUnaryReactor* CardService::RedeemCard(
    Context* context, const jiamei::v1::RedeemCardRequest* request,
    jiamei::v1::Card* response) {
  return ServeWrite(
      core_, context, kCardPermissions.Of("RedeemCard"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        ASSIGN_OR_RETURN(
            CardNumber number,
            ParseCardNumber(request->number(), "number", /*allow_name=*/false));
        ASSIGN_OR_RETURN(
            uint64_t household,
            ParseName(request->household(), "households", "household"));
        ASSIGN_OR_RETURN(
            storage::HouseholdRecord record,
            storage::RegistryReader(core_.store).GetHousehold(household));
        RETURN_IF_ERROR(core_.access->RequireHousehold(caller, record));
        // The desk holds the paper: the household in scope is what counts
        // (storage checks it is within the issuing unit).
        ASSIGN_OR_RETURN(CardRecord card,
                         ReadCard(caller, number, [](const CardRecord&) {
                           return absl::OkStatus();
                         }));
        CardChange change;
        change.mutable_redeemed()->set_card(card.id());
        change.mutable_redeemed()->set_household(household);
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Card* out) {
        return FillCard(entry.card().redeemed().card(), entry, out);
      });
}

}  // namespace jiamei::services
