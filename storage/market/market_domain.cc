#include "storage/market/market_domain.h"

#include "storage/core/canonical_writer.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_state.h"

namespace jiamei::storage {
namespace {

class Market final : public ChangeDomain<MarketChange> {
 public:
  absl::string_view name() const override { return "market"; }
  EntryRecord::BodyCase body_case() const override {
    return EntryRecord::kMarket;
  }
  uint64_t tag() const override { return 5; }

  absl::StatusOr<EntryRecord> Check(
      const Command& command, const CheckContext& context) const override {
    const MarketState market(context.views, context.books->BalanceOf());
    EntryRecord body;
    ASSIGN_OR_RETURN(
        *body.mutable_market(),
        market.Check(Requested(command), context.head, context.time_micros));
    return body;
  }

  absl::Status Apply(const EntryRecord& entry, const ApplyContext& context,
                     HeadRecord* head) const override {
    return MarketState(context.views).Apply(entry, head);
  }

  const google::protobuf::RepeatedPtrField<TransferBody>* ListedTransfers(
      const EntryRecord& entry) const override {
    return &entry.market().transfers();
  }

  void OpenedAccounts(const EntryRecord& entry,
                      std::vector<const AccountOpening*>* out) const override {
    if (entry.market().has_account()) out->push_back(&entry.market().account());
  }

  // The request without what was filled in before it was submitted (a
  // redemption's member count), as AsRequested gives it back: a retry after
  // a household changed is the same request.
  void WriteRequest(const Command& command, CanonicalWriter* w) const override {
    w->Uint(tag()).Message(storage::AsRequested(Requested(command)));
  }

  Command::Op AsRequested(const EntryRecord& entry) const override {
    return storage::AsRequested(entry.market());
  }
};

}  // namespace

const Domain& MarketDomain() {
  static const Market* const kDomain = new Market();
  return *kDomain;
}

}  // namespace jiamei::storage
