#include "storage/ledger/ledger_errors.h"

#include "absl/strings/str_cat.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"

namespace jiamei::errors {

using storage::AccountName;
using storage::TransferName;

absl::Status InvalidKind(int32_t kind) {
  return Refusal(absl::StatusCode::kInvalidArgument, kInvalidKind,
                 absl::StrCat("unknown account kind ", kind));
}

absl::Status InvalidAmount() {
  return Refusal(absl::StatusCode::kInvalidArgument, kInvalidAmount,
                 "amount must be at least 1");
}

absl::Status SameAccount() {
  return Refusal(absl::StatusCode::kInvalidArgument, kSameAccount,
                 "debit and credit account must differ");
}

absl::Status CardFloatAccount(uint64_t account) {
  return Refusal(absl::StatusCode::kFailedPrecondition, kCardFloatAccount,
                 absl::StrCat(AccountName(account),
                              " is a unit's card float: points move in or "
                              "out of it only with its paper cards"));
}

absl::Status TransferNotFound(uint64_t sequence) {
  return Refusal(absl::StatusCode::kNotFound, kTransferNotFound,
                 absl::StrCat(TransferName(sequence), " does not exist"));
}

absl::Status NotAPlainTransfer(uint64_t sequence) {
  return Refusal(absl::StatusCode::kFailedPrecondition, kNotAPlainTransfer,
                 absl::StrCat(TransferName(sequence),
                              " belongs to the points supermarket, to "
                              "volunteer service or to paper cards; void "
                              "or correct it there"));
}

absl::Status CannotReverseReversal(uint64_t sequence) {
  return Refusal(absl::StatusCode::kFailedPrecondition, kCannotReverseReversal,
                 absl::StrCat(TransferName(sequence),
                              " is itself a reversal; make a new transfer"));
}

absl::Status AlreadyReversed(uint64_t sequence) {
  return Refusal(
      absl::StatusCode::kFailedPrecondition, kAlreadyReversed,
      absl::StrCat(TransferName(sequence), " has already been reversed"));
}

}  // namespace jiamei::errors
