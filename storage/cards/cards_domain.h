// Paper point cards as a domain of the ledger (storage/core/domain.h):
// CardChange commands, the `card` body (canonical tag 8), checked and
// applied by CardState; a unit's first issue opens its card float.
#ifndef JIAMEI_STORAGE_CARDS_CARDS_DOMAIN_H_
#define JIAMEI_STORAGE_CARDS_CARDS_DOMAIN_H_

#include "storage/core/domain.h"

namespace jiamei::storage {

const Domain& CardsDomain();

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CARDS_CARDS_DOMAIN_H_
