// The points supermarket as a domain of the ledger (storage/core/domain.h):
// MarketChange commands, the `market` body (canonical tag 5), checked and
// applied by MarketState; its entries' transfers are listed in the body.
#ifndef JIAMEI_STORAGE_MARKET_MARKET_DOMAIN_H_
#define JIAMEI_STORAGE_MARKET_MARKET_DOMAIN_H_

#include "storage/core/domain.h"

namespace jiamei::storage {

const Domain& MarketDomain();

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_MARKET_MARKET_DOMAIN_H_
