// The refusals of the ledger's and the audit's handlers (services/ledger)
// that only the gRPC layer raises. Reasons are declared once, each after one
// line naming its gRPC code, with a factory for each way it is raised.
#ifndef JIAMEI_SERVICES_LEDGER_LEDGER_ERRORS_H_
#define JIAMEI_SERVICES_LEDGER_LEDGER_ERRORS_H_

#include <cstdint>

#include "absl/status/status.h"

namespace jiamei::errors {

// INVALID_ARGUMENT: an account kind CreateAccount does not open.
// (storage/ledger/ledger_errors.h declares INVALID_KIND too, on another
// branch: one of the two goes.)
inline constexpr char kInvalidKind[] = "INVALID_KIND";
absl::Status KindNotSupermarket(int32_t kind);

// INVALID_ARGUMENT: a transfer from an account to itself (also declared by
// storage/ledger/ledger_errors.h on another branch).
inline constexpr char kSameAccount[] = "SAME_ACCOUNT";
absl::Status SameAccountFields();

// INVALID_ARGUMENT: a transfer of less than one point (also declared by
// storage/ledger/ledger_errors.h on another branch).
inline constexpr char kInvalidAmount[] = "INVALID_AMOUNT";
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
