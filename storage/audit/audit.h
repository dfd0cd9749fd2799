// The ledger audit. On one RocksDB snapshot (so it runs while writes go on)
// it replays the log from the first entry and checks that:
//   - sequences run 1, 2, 3... and every entry's hash and chain link verify;
//   - every balance record equals the balance recomputed from the entries,
//     all balances sum to zero, and no no-overdraft account is negative;
//   - the account, history, reversal and idempotency indexes hold exactly
//     the records the log implies, no more and no less;
//   - the head record names the last entry;
//   - the witness of the last durable head (storage/core/witness.h), read just
//     before the snapshot, is of this store and not ahead of its log, and
//     the log's entry at its sequence has the hash it saw.
// It lists every loss accepted in the log (LossAccepted entries).
// Every discrepancy names the record, what was expected and what was found.
#ifndef JIAMEI_STORAGE_AUDIT_AUDIT_H_
#define JIAMEI_STORAGE_AUDIT_AUDIT_H_

#include <string>

#include "absl/status/statusor.h"
#include "jiamei/v1/audit.pb.h"
#include "storage/core/store.h"
#include "storage/domains.h"

namespace jiamei::storage {

// Errors only when the store cannot be read at all; damage is reported in
// the report, not as an error.
// `witness_path` empty: the server keeps no witness to compare with.
// `domains`: every domain of the ledger, whose rules replay the log.
absl::StatusOr<jiamei::v1::AuditReport> RunAudit(
    const Store& store, const std::string& witness_path = "",
    const DomainTable& domains = Domains());

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_AUDIT_AUDIT_H_
