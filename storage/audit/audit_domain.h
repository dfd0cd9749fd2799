// Accepted losses as a domain of the ledger (storage/core/domain.h): the
// LossAccepted an operator's --accept_loss start logs (canonical tag 9),
// which moves nothing and changes no view; the audit lists each one.
#ifndef JIAMEI_STORAGE_AUDIT_AUDIT_DOMAIN_H_
#define JIAMEI_STORAGE_AUDIT_AUDIT_DOMAIN_H_

#include "storage/core/domain.h"

namespace jiamei::storage {

const Domain& LossDomain();

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_AUDIT_AUDIT_DOMAIN_H_
