// The refusals of the ledger domain: openings, plain transfers and their
// reversals. Overdrafts and overflows are the core's (core_errors.h).
#ifndef JIAMEI_STORAGE_LEDGER_LEDGER_ERRORS_H_
#define JIAMEI_STORAGE_LEDGER_LEDGER_ERRORS_H_

#include <cstdint>

#include "absl/status/status.h"

namespace jiamei::errors {

// INVALID_ARGUMENT: an account kind that does not exist.
inline constexpr char kInvalidKind[] = "INVALID_KIND";
absl::Status InvalidKind(int32_t kind);

// INVALID_ARGUMENT: a transfer of less than one point.
inline constexpr char kInvalidAmount[] = "INVALID_AMOUNT";
absl::Status InvalidAmount();

// INVALID_ARGUMENT: a transfer from an account to itself.
inline constexpr char kSameAccount[] = "SAME_ACCOUNT";
absl::Status SameAccount();

// FAILED_PRECONDITION: a plain transfer into or out of a unit's card float.
inline constexpr char kCardFloatAccount[] = "CARD_FLOAT_ACCOUNT";
absl::Status CardFloatAccount(uint64_t account);

// NOT_FOUND: no entry with this sequence moves points.
inline constexpr char kTransferNotFound[] = "TRANSFER_NOT_FOUND";
absl::Status TransferNotFound(uint64_t sequence);

// FAILED_PRECONDITION: the transfer to reverse belongs to another domain.
inline constexpr char kNotAPlainTransfer[] = "NOT_A_PLAIN_TRANSFER";
absl::Status NotAPlainTransfer(uint64_t sequence);

// FAILED_PRECONDITION: the transfer to reverse is itself a reversal.
inline constexpr char kCannotReverseReversal[] = "CANNOT_REVERSE_REVERSAL";
absl::Status CannotReverseReversal(uint64_t sequence);

// FAILED_PRECONDITION: the transfer has already been reversed.
inline constexpr char kAlreadyReversed[] = "ALREADY_REVERSED";
absl::Status AlreadyReversed(uint64_t sequence);

}  // namespace jiamei::errors

#endif  // JIAMEI_STORAGE_LEDGER_LEDGER_ERRORS_H_
