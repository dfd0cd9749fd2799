// Points policy as a domain of the ledger (storage/core/domain.h):
// PolicyChange commands and the `policy` body (canonical tag 7), checked and
// applied by PolicyState. Its Intercept hook turns an award or an hours
// confirmation that must wait for an officer into a proposal, and its
// Observe hook keeps every household's lots (storage/policy/lots.h).
#ifndef JIAMEI_STORAGE_POLICY_POLICY_DOMAIN_H_
#define JIAMEI_STORAGE_POLICY_POLICY_DOMAIN_H_

#include "storage/core/domain.h"

namespace jiamei::storage {

const Domain& PolicyDomain();

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_POLICY_POLICY_DOMAIN_H_
