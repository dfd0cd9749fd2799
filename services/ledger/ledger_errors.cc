#include "services/ledger/ledger_errors.h"

#include "absl/strings/str_cat.h"
#include "services/auth/auth_errors.h"
#include "storage/core/refusal.h"

namespace jiamei::errors {

absl::Status KindNotSupermarket(int32_t kind) {
  return Refusal(absl::StatusCode::kInvalidArgument, kInvalidKind,
                 absl::StrCat("only SUPERMARKET accounts are opened here "
                              "(issuance accounts open with their unit, "
                              "household accounts with their household), "
                              "got ",
                              kind));
}

absl::Status SameAccountFields() {
  return Refusal(absl::StatusCode::kInvalidArgument, kSameAccount,
                 "debit_account and credit_account must differ");
}

absl::Status AmountBelowOne(int64_t amount) {
  return Refusal(absl::StatusCode::kInvalidArgument, kInvalidAmount,
                 absl::StrCat("amount must be at least 1, got ", amount));
}

absl::Status SequenceNotReached(uint64_t at, uint64_t last) {
  return Refusal(
      absl::StatusCode::kOutOfRange, kSequenceNotReached,
      absl::StrCat("at_sequence ", at, " is beyond the last entry, ", last));
}

absl::Status AuditRunning() {
  return Refusal(
      absl::StatusCode::kResourceExhausted, kAuditRunning,
      "an audit is running and another waits; try again when they end");
}

absl::Status AuditNotFromVillage() {
  return PermissionDenied(
      "the audit covers the whole system; it is run from a "
      "township, the county or the whole system, not a village");
}

}  // namespace jiamei::errors
