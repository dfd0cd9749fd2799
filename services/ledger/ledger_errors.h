// The refusals of the ledger's and the audit's handlers (services/ledger)
// that only the gRPC layer raises. Reasons are declared once, each after one
// line naming its gRPC code, with a factory for each way it is raised.
#ifndef JIAMEI_SERVICES_LEDGER_LEDGER_ERRORS_H_
#define JIAMEI_SERVICES_LEDGER_LEDGER_ERRORS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "storage/ledger/ledger_errors.h"

namespace jiamei::errors {

// INVALID_KIND (storage/ledger/ledger_errors.h), refused at the door before the
// ledger sees it:
absl::Status KindNotSupermarket(int32_t kind);

// SAME_ACCOUNT (storage/ledger/ledger_errors.h), refused at the door before the
// ledger sees it:
absl::Status SameAccountFields();

// INVALID_AMOUNT (storage/ledger/ledger_errors.h), refused at the door before
// the ledger sees it:
absl::Status AmountBelowOne(int64_t amount);

// OUT_OF_RANGE: GetDigest at a sequence the ledger has not reached.
inline constexpr char kSequenceNotReached[] = "SEQUENCE_NOT_REACHED";
absl::Status SequenceNotReached(uint64_t at, uint64_t last);

// RESOURCE_EXHAUSTED: an audit runs and another waits.
inline constexpr char kAuditRunning[] = "AUDIT_RUNNING";
absl::Status AuditRunning();

// PERMISSION_DENIED (common_errors.h) for an officer scoped to a village:
// the audit covers the whole system.
absl::Status AuditNotFromVillage();

}  // namespace jiamei::errors

#endif  // JIAMEI_SERVICES_LEDGER_LEDGER_ERRORS_H_
