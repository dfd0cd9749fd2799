#include "storage/core/core_errors.h"

#include "absl/strings/str_cat.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"

namespace jiamei::errors {

absl::Status RequestIdReused(absl::string_view request_id) {
  return Refusal(absl::StatusCode::kAlreadyExists, kRequestIdReused,
                 absl::StrCat("request_id ", request_id,
                              " was already used by this operator for a "
                              "different request"));
}

absl::Status BalanceOverflow() {
  return Refusal(absl::StatusCode::kFailedPrecondition, kBalanceOverflow,
                 "the change would overflow an account balance");
}

absl::Status TransferBalanceOverflow() {
  return Refusal(absl::StatusCode::kFailedPrecondition, kBalanceOverflow,
                 "the transfer would overflow an account balance");
}

absl::Status InsufficientPoints(uint64_t account, uint64_t household,
                                int64_t balance, int64_t needed) {
  const bool of_household = household != 0;
  const std::string name = of_household ? storage::HouseholdName(household)
                                        : storage::AccountName(account);
  return Refusal(
      absl::StatusCode::kFailedPrecondition, kInsufficientPoints,
      absl::StrCat(name, " has ", balance, " points, ", needed, " needed"),
      {{of_household ? "household" : "account", name},
       {"balance", balance},
       {"needed", needed}});
}

absl::Status AccountNotFound(uint64_t account) {
  return Refusal(absl::StatusCode::kNotFound, kAccountNotFound,
                 absl::StrCat("account ", storage::AccountName(account),
                              " does not exist"));
}

absl::Status EntryNotFound(uint64_t sequence) {
  return Refusal(absl::StatusCode::kNotFound, kEntryNotFound,
                 absl::StrCat("ledger entry ", sequence, " does not exist"));
}

absl::Status ShuttingDown() {
  return Refusal(absl::StatusCode::kUnavailable, kShuttingDown,
                 "the server is shutting down");
}

absl::Status QueueFull() {
  return Refusal(absl::StatusCode::kResourceExhausted, kQueueFull,
                 "the ledger is busy; retry with the same request_id");
}

absl::Status StorageFailed() {
  return Refusal(absl::StatusCode::kUnavailable, kStorageFailed,
                 "the ledger stopped after a storage failure; restart the "
                 "server");
}

absl::Status WitnessNotWritten(absl::string_view detail) {
  return Refusal(
      absl::StatusCode::kUnavailable, kStorageFailed,
      absl::StrCat("the ledger stopped: its witness could not be written (",
                   detail,
                   "); restart the server, then retry with the same "
                   "request_id"));
}

absl::Status DiskFull(absl::string_view dir, absl::string_view detail) {
  return Refusal(absl::StatusCode::kUnavailable, kDiskFull,
                 absl::StrCat("the disk of data directory ", dir, " is full (",
                              detail, "); writes resume once space is freed"));
}

}  // namespace jiamei::errors
