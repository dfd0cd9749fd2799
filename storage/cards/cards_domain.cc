#include "storage/cards/cards_domain.h"

#include "storage/cards/card_state.h"
#include "storage/core/status_macros.h"

namespace jiamei::storage {
namespace {

class Cards final : public ChangeDomain<CardChange> {
 public:
  absl::string_view name() const override { return "cards"; }
  EntryRecord::BodyCase body_case() const override {
    return EntryRecord::kCard;
  }
  uint64_t tag() const override { return 8; }

  absl::StatusOr<EntryRecord> Check(
      const Command& command, const CheckContext& context) const override {
    EntryRecord body;
    ASSIGN_OR_RETURN(
        *body.mutable_card(),
        CardState(context.views)
            .Check(Requested(command), context.head, context.time_micros));
    return body;
  }

  absl::Status Apply(const EntryRecord& entry, const ApplyContext& context,
                     HeadRecord* head) const override {
    return CardState(context.views).Apply(entry, head);
  }

  const google::protobuf::RepeatedPtrField<TransferBody>* ListedTransfers(
      const EntryRecord& entry) const override {
    return &entry.card().transfers();
  }

  void OpenedAccounts(const EntryRecord& entry,
                      std::vector<const AccountOpening*>* out) const override {
    if (entry.card().has_account()) out->push_back(&entry.card().account());
  }

  Command::Op AsRequested(const EntryRecord& entry) const override {
    return storage::AsRequested(entry.card());
  }
};

}  // namespace

const Domain& CardsDomain() {
  static const Cards* const kDomain = new Cards();
  return *kDomain;
}

}  // namespace jiamei::storage
