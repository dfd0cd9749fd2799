// The refusals of the core: the sequencer's door, idempotency, balances and
// the core's own records. Reasons shared with a domain (an overdraft, an
// account or entry that does not exist) live here and are reused there.
#ifndef JIAMEI_STORAGE_CORE_CORE_ERRORS_H_
#define JIAMEI_STORAGE_CORE_CORE_ERRORS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jiamei::errors {

// ALREADY_EXISTS: a request id was used by this operator for another request.
inline constexpr char kRequestIdReused[] = "REQUEST_ID_REUSED";
absl::Status RequestIdReused(absl::string_view request_id);

// FAILED_PRECONDITION: a change would overflow an account balance.
inline constexpr char kBalanceOverflow[] = "BALANCE_OVERFLOW";
absl::Status BalanceOverflow();
// The same for a plain transfer.
absl::Status TransferBalanceOverflow();

// FAILED_PRECONDITION: a household's or site's balance would go below zero.
// Names the household (when the account is a household's, as the request
// named it) or else the account; details: household or account, balance,
// needed.
inline constexpr char kInsufficientPoints[] = "INSUFFICIENT_POINTS";
absl::Status InsufficientPoints(uint64_t account, uint64_t household,
                                int64_t balance, int64_t needed);

// NOT_FOUND: no account has this id.
inline constexpr char kAccountNotFound[] = "ACCOUNT_NOT_FOUND";
absl::Status AccountNotFound(uint64_t account);

// NOT_FOUND: no ledger entry has this sequence.
inline constexpr char kEntryNotFound[] = "ENTRY_NOT_FOUND";
absl::Status EntryNotFound(uint64_t sequence);

// INVALID_ARGUMENT: a count is out of range: a stocktake's (factory in
// storage/market) or a card issue's (in storage/cards).
inline constexpr char kInvalidCount[] = "INVALID_COUNT";

// UNAVAILABLE: the server is shutting down; retry with the same request id.
inline constexpr char kShuttingDown[] = "SHUTTING_DOWN";
absl::Status ShuttingDown();

// RESOURCE_EXHAUSTED: the sequencer's queue is full; retry.
inline constexpr char kQueueFull[] = "QUEUE_FULL";
absl::Status QueueFull();

// UNAVAILABLE: the ledger stopped after a storage failure until a restart.
inline constexpr char kStorageFailed[] = "STORAGE_FAILED";
absl::Status StorageFailed();
// The ledger stopped because its witness could not be written.
absl::Status WitnessNotWritten(absl::string_view detail);

// UNAVAILABLE: the data directory's disk is full; writes resume with space.
inline constexpr char kDiskFull[] = "DISK_FULL";
absl::Status DiskFull(absl::string_view dir, absl::string_view detail);

}  // namespace jiamei::errors

#endif  // JIAMEI_STORAGE_CORE_CORE_ERRORS_H_
