#include "storage/domains.h"

#include "storage/activity/activity_domain.h"
#include "storage/audit/audit_domain.h"
#include "storage/cards/cards_domain.h"
#include "storage/core/domain.h"
#include "storage/ledger/ledger_domain.h"
#include "storage/market/market_domain.h"
#include "storage/policy/policy_domain.h"
#include "storage/registry/registry_domain.h"

namespace jiamei::storage {

const DomainTable& Domains() {
  static const DomainTable* const kTable = new DomainTable({
      &OpeningDomain(),
      &TransferDomain(),
      &RegistryDomain(),
      &MarketDomain(),
      &ActivityDomain(),
      &PolicyDomain(),
      &CardsDomain(),
      &LossDomain(),
  });
  return *kTable;
}

}  // namespace jiamei::storage
