// Volunteer service as a domain of the ledger (storage/core/domain.h):
// ActivityChange commands, the `activity` body (canonical tag 6), checked
// and applied by ActivityState; confirmations list their transfers.
#ifndef JIAMEI_STORAGE_ACTIVITY_ACTIVITY_DOMAIN_H_
#define JIAMEI_STORAGE_ACTIVITY_ACTIVITY_DOMAIN_H_

#include "storage/core/domain.h"

namespace jiamei::storage {

const Domain& ActivityDomain();

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_ACTIVITY_ACTIVITY_DOMAIN_H_
