// jiamei.v1.PointCardService: paper point cards for residents without
// phones. The rules are in storage/cards/card_state.h; the printed numbers'
// codes are made and checked here, at the edge (card_code.h), so storage
// only ever sees serials.
#ifndef JIAMEI_SERVICES_CARDS_CARD_SERVICE_H_
#define JIAMEI_SERVICES_CARDS_CARD_SERVICE_H_

#include <string>

#include "jiamei/v1/cards.grpc.pb.h"
#include "services/auth/attempt_throttle.h"
#include "services/cards/card_code.h"
#include "services/common/handler.h"

namespace jiamei::services {

class CardService final : public jiamei::v1::PointCardService::CallbackService {
 public:
  explicit CardService(const Core& core)
      : core_(core), codes_(core.store->page_token_secret()) {}

  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  Reactor* IssueCards(Context* context,
                      const jiamei::v1::IssueCardsRequest* request,
                      jiamei::v1::CardBatch* response) override;
  Reactor* GetCard(Context* context, const jiamei::v1::GetCardRequest* request,
                   jiamei::v1::Card* response) override;
  Reactor* ListCards(Context* context,
                     const jiamei::v1::ListCardsRequest* request,
                     jiamei::v1::ListCardsResponse* response) override;
  Reactor* VoidCard(Context* context,
                    const jiamei::v1::VoidCardRequest* request,
                    jiamei::v1::Card* response) override;
  Reactor* RedeemCard(Context* context,
                      const jiamei::v1::RedeemCardRequest* request,
                      jiamei::v1::Card* response) override;

 private:
  // The card `number` names (CARD_NOT_FOUND if none), with its code checked
  // (CARD_CODE_MISMATCH) when the number carries one. Nothing about the
  // code is told to a caller outside `in_scope`. After five wrong codes an
  // operator waits before the next code is checked (RESOURCE_EXHAUSTED,
  // CARD_CODE_THROTTLED), doubling from a second to five minutes: guessing
  // one card's code in a million tries is out of reach.
  template <typename InScope>
  absl::StatusOr<storage::CardRecord> ReadCard(const Principal& caller,
                                               const CardNumber& number,
                                               InScope in_scope) const;
  // `card` as the API shows it; `closing` is the entry that redeemed or
  // voided it, if at hand.
  absl::Status CardToProto(const storage::CardRecord& card,
                           const storage::EntryRecord* closing,
                           jiamei::v1::Card* out) const;
  absl::Status FillCard(uint64_t serial, const storage::EntryRecord& closing,
                        jiamei::v1::Card* out) const;
  // Clears from `out` who closed `card`, the household it went to and the
  // closing transfer, unless the card's unit or that household's village is
  // in staff `caller`'s scope: a village desk looks up its township's card
  // without learning which neighbour used it.
  absl::Status HideClosingOutsideScope(const Principal& caller,
                                       const storage::CardRecord& card,
                                       jiamei::v1::Card* out) const;

  const Core core_;
  const CardCodes codes_;
  // Wrong codes by operator: five free, then 1 s doubling to 5 minutes.
  mutable AttemptThrottle code_throttle_{
      AttemptThrottleOptions{/*free_attempts=*/5}};
};

// Who may call each method of jiamei.v1.PointCardService
// (services/common/permissions.h).
inline constexpr auto kCardPermissions =
    PermissionsOf<jiamei::v1::PointCardService>({
        Rpc("IssueCards", kAdmin),
        Rpc("GetCard", kBookkeepers),
        Rpc("ListCards", kBookkeepers),
        Rpc("VoidCard", kAdmin),
        Rpc("RedeemCard", kDesks),
    });

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_CARDS_CARD_SERVICE_H_
