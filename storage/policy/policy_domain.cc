#include "storage/policy/policy_domain.h"

#include "storage/activity/activity_state.h"
#include "storage/core/postings.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_state.h"
#include "storage/policy/honour.h"
#include "storage/policy/lots.h"
#include "storage/policy/policy_state.h"

namespace jiamei::storage {
namespace {

class Policy final : public ChangeDomain<PolicyChange> {
 public:
  absl::string_view name() const override { return "policy"; }
  EntryRecord::BodyCase body_case() const override {
    return EntryRecord::kPolicy;
  }
  uint64_t tag() const override { return 7; }

  // Awards and confirmations that must wait become proposals.
  absl::StatusOr<std::optional<EntryRecord>> Intercept(
      const Command& command, const CheckContext& context) const override {
    MarketState market(context.views, context.books->BalanceOf());
    ActivityState activity(context.views);
    const PolicyState policy(context.views, &market, &activity);
    std::optional<PolicyChange> proposal;
    if (const auto* change = command.op.Get<MarketChange>()) {
      ASSIGN_OR_RETURN(proposal,
                       policy.ProposalFor(*change, context.actor, context.head,
                                          context.time_micros));
    } else if (const auto* change = command.op.Get<ActivityChange>()) {
      ASSIGN_OR_RETURN(proposal,
                       policy.ProposalFor(*change, context.actor, context.head,
                                          context.time_micros));
    }
    if (!proposal.has_value()) return std::nullopt;
    EntryRecord body;
    *body.mutable_policy() = *std::move(proposal);
    return body;
  }

  absl::StatusOr<EntryRecord> Check(
      const Command& command, const CheckContext& context) const override {
    MarketState market(context.views, context.books->BalanceOf());
    ActivityState activity(context.views);
    EntryRecord body;
    ASSIGN_OR_RETURN(*body.mutable_policy(),
                     PolicyState(context.views, &market, &activity)
                         .Check(Requested(command), context.actor, context.head,
                                context.time_micros));
    return body;
  }

  absl::Status Apply(const EntryRecord& entry, const ApplyContext& context,
                     HeadRecord* head) const override {
    MarketState market(context.views);
    ActivityState activity(context.views);
    return PolicyState(context.views, &market, &activity).Apply(entry, head);
  }

  // The lots of every household account any entry changes, and the honour
  // of awards and service hours (of the supermarket's and volunteer
  // service's entries, and of the decisions approving theirs).
  absl::Status Observe(const EntryRecord& entry,
                       const ApplyContext& context) const override {
    RETURN_IF_ERROR(MoveLotsOf(entry, PostingsOf(entry, context.domains),
                               context.kind_of, context.views));
    return AddHonourOf(entry, context.views);
  }

  // A decision posts the transfers of the change it approves.
  const google::protobuf::RepeatedPtrField<TransferBody>* ListedTransfers(
      const EntryRecord& entry) const override {
    const EntryDecided& decided = entry.policy().decided();
    if (decided.has_market()) return &decided.market().transfers();
    if (decided.has_activity()) return &decided.activity().transfers();
    return &entry.policy().transfers();
  }

  Command::Op AsRequested(const EntryRecord& entry) const override {
    return storage::AsRequested(entry.policy());
  }
};

}  // namespace

const Domain& PolicyDomain() {
  static const Policy* const kDomain = new Policy();
  return *kDomain;
}

}  // namespace jiamei::storage
