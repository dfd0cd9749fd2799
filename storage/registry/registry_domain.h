// The register as a domain of the ledger (storage/core/domain.h):
// RegistryChange commands, the `registry` body (canonical tag 4), checked and
// applied by RegistryState. Every opened account, of any domain, is indexed
// under its unit here.
#ifndef JIAMEI_STORAGE_REGISTRY_REGISTRY_DOMAIN_H_
#define JIAMEI_STORAGE_REGISTRY_REGISTRY_DOMAIN_H_

#include "storage/core/domain.h"

namespace jiamei::storage {

const Domain& RegistryDomain();

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_REGISTRY_REGISTRY_DOMAIN_H_
