// The state machines of every kind of change but plain transfers and
// openings (the register, the supermarket, volunteer service, points policy,
// paper cards), over one set of views. The sequencer (StateMachine) holds one
// over the store and the audit one over its replay, so that both apply an
// entry's derived records the same way.
#ifndef JIAMEI_STORAGE_CORE_DOMAIN_STATES_H_
#define JIAMEI_STORAGE_CORE_DOMAIN_STATES_H_

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "storage/activity/activity_state.h"
#include "storage/cards/card_state.h"
#include "storage/market/market_state.h"
#include "storage/policy/policy_state.h"
#include "storage/core/records.pb.h"
#include "storage/registry/registry_state.h"
#include "storage/core/views.h"

namespace jiamei::storage {

struct DomainStates {
  explicit DomainStates(Views* views,
                        MarketState::BalanceOf balance_of = nullptr)
      : registry(views),
        market(views, std::move(balance_of)),
        activity(views),
        policy(views, &market, &activity),
        card(views) {}

  // Writes the derived records of the logged `entry` (with `password_hash`
  // for an operator's creation or password change) and advances the id
  // counters in `head`. OK for entries that have none.
  absl::Status Apply(const EntryRecord& entry, const std::string& password_hash,
                     HeadRecord* head) {
    if (entry.has_registry()) {
      return registry.Apply(entry, password_hash, head);
    }
    if (entry.has_market()) return market.Apply(entry, head);
    if (entry.has_activity()) return activity.Apply(entry, head);
    if (entry.has_policy()) return policy.Apply(entry, head);
    if (entry.has_card()) return card.Apply(entry, head);
    return absl::OkStatus();
  }

  RegistryState registry;
  MarketState market;
  ActivityState activity;
  PolicyState policy;
  CardState card;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_DOMAIN_STATES_H_
