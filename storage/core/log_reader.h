// The core's own reads of the store: where the log ends, an entry of the
// log, an account with its balance. The state machine, the witness and the
// backup read through this; LedgerReader (storage/ledger/ledger_reader.h)
// builds the ledger's listings on it.
#ifndef JIAMEI_STORAGE_CORE_LOG_READER_H_
#define JIAMEI_STORAGE_CORE_LOG_READER_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "storage/core/records.pb.h"
#include "storage/core/store.h"

namespace jiamei::storage {

struct AccountView {
  AccountRecord account;
  BalanceRecord balance;
};

class LogReader {
 public:
  // `snapshot` may be null: each read then sees the latest durable state.
  explicit LogReader(const Store* store,
                     const rocksdb::Snapshot* snapshot = nullptr)
      : store_(store), snapshot_(snapshot) {}

  // NOT_FOUND (reason ACCOUNT_NOT_FOUND) when there is no such account.
  absl::StatusOr<AccountView> GetAccount(uint64_t id) const;
  // `account` with its balance record; DATA_LOSS when that is missing.
  absl::StatusOr<AccountView> WithBalance(AccountRecord account) const;
  // NOT_FOUND (reason ENTRY_NOT_FOUND) when there is no such entry.
  absl::StatusOr<EntryRecord> GetEntry(uint64_t sequence) const;
  // Where the log ends; all zero (and the zero hash) for an empty ledger.
  absl::StatusOr<HeadRecord> GetHead() const;

 private:
  const Store* store_;
  const rocksdb::Snapshot* snapshot_;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_LOG_READER_H_
