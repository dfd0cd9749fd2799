// Typed reads of the ledger, for the API and the audit. They never wait for
// the sequencer: RocksDB point lookups and iterators on the latest state or
// on a snapshot.
#ifndef JIAMEI_STORAGE_LEDGER_LEDGER_READER_H_
#define JIAMEI_STORAGE_LEDGER_LEDGER_READER_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/core/keys.h"
#include "storage/core/log_reader.h"
#include "storage/core/records.pb.h"
#include "storage/core/store.h"
#include "storage/domains.h"

namespace jiamei::storage {

struct HistoryItem {
  EntryRecord entry;
  HistoryValue value;
};

// `entry` (the answer to a lookup of `sequence`) as a transfer: NOT_FOUND
// (reason TRANSFER_NOT_FOUND) when there is no such entry or it moves no
// points; other errors pass through.
absl::StatusOr<EntryRecord> AsTransfer(absl::StatusOr<EntryRecord> entry,
                                       uint64_t sequence,
                                       const DomainTable& domains = Domains());

// The transfers listed inside a supermarket, volunteer-service, policy or
// card entry, or null (a plain transfer is its own body).
const google::protobuf::RepeatedPtrField<TransferBody>* InnerTransfers(
    const EntryRecord& entry, const DomainTable& domains = Domains());

// The transfer of `entry` that touches `account`, or its first transfer
// when `account` is 0 (a supermarket batch has many); null if none.
const TransferBody* TransferTouching(const EntryRecord& entry,
                                     uint64_t account = 0,
                                     const DomainTable& domains = Domains());

class LedgerReader {
 public:
  // `snapshot` may be null: each read then sees the latest durable state.
  explicit LedgerReader(const Store* store,
                        const rocksdb::Snapshot* snapshot = nullptr)
      : store_(store), snapshot_(snapshot) {}

  // NOT_FOUND (reason ACCOUNT_NOT_FOUND) when there is no such account.
  absl::StatusOr<AccountView> GetAccount(uint64_t id) const;
  // The account as its opening left it: the record the state machine wrote
  // (immutable), balance 0, last_sequence its open_sequence. The answer to
  // the request that opened it, the same on every retry. NOT_FOUND (reason
  // ACCOUNT_NOT_FOUND) when there is no such account.
  absl::StatusOr<AccountView> GetAccountAsOpened(uint64_t id) const;
  // Accounts with id > after_id, in id order, at most `limit`.
  absl::StatusOr<std::vector<AccountView>> ListAccounts(uint64_t after_id,
                                                        int limit) const;
  // NOT_FOUND (reason ENTRY_NOT_FOUND) when there is no such entry.
  absl::StatusOr<EntryRecord> GetEntry(uint64_t sequence) const;
  // The sequence of the reversal of `sequence`, if it has one.
  absl::StatusOr<std::optional<uint64_t>> GetReversal(uint64_t sequence) const;
  // An account's history lines with sequence < before_sequence, newest
  // first, at most `limit`.
  absl::StatusOr<std::vector<HistoryItem>> ListHistory(uint64_t account_id,
                                                       uint64_t before_sequence,
                                                       int limit) const;
  // Where the log ends; all zero for an empty ledger.
  absl::StatusOr<HeadRecord> GetHead() const;

 private:
  const Store* store_;
  const rocksdb::Snapshot* snapshot_;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_LEDGER_LEDGER_READER_H_
