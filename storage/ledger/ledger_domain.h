// The ledger's own domains: opening an account (OpenAccount, the `opening`
// body) and moving points between two accounts (MakeTransfer), or back
// (ReverseTransfer), as the `transfer` body. A plain transfer is the only
// kind of entry whose transfer may be reversed; the reversal index
// (Cf::kReversals) is the transfer domain's derived record.
#ifndef JIAMEI_STORAGE_LEDGER_LEDGER_DOMAIN_H_
#define JIAMEI_STORAGE_LEDGER_LEDGER_DOMAIN_H_

#include "storage/core/domain.h"

namespace jiamei::storage {

// Canonical tags (storage/core/canonical.h): an opening's and a transfer's
// bodies; a reversal is requested under its own tag and logged as a
// transfer.
inline constexpr uint64_t kOpeningTag = 1;
inline constexpr uint64_t kTransferTag = 2;
inline constexpr uint64_t kReversalTag = 3;

const Domain& OpeningDomain();
const Domain& TransferDomain();

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_LEDGER_LEDGER_DOMAIN_H_
