// The RocksDB store: opens (or refuses) a data directory, owns the column
// families, and performs the only kind of write there is, a synced batch.
#ifndef JIAMEI_STORAGE_CORE_STORE_H_
#define JIAMEI_STORAGE_CORE_STORE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/core/core_errors.h"
#include "storage/core/status_macros.h"

namespace jiamei::storage {

// The refusal reason of a write refused because the data disk is full
// (UNAVAILABLE): reads go on, and writes resume once space is freed.
inline constexpr const auto& kDiskFullReason = errors::kDiskFull;

// One column family per kind of record (see records.proto for the values).
enum class Cf {
  kMeta,         // schema version, head, secrets
  kAccounts,     // id -> AccountRecord (immutable)
  kBalances,     // id -> BalanceRecord (derived)
  kEntries,      // sequence -> EntryRecord (the append-only log)
  kHistory,      // (account, sequence) -> HistoryValue
  kIdempotency,  // request_id -> IdempotencyRecord
  kReversals,    // reversed sequence -> reversal sequence
  kRegistry,     // the register's current records
                 // (storage/registry/registry_keys.h)
  kIndex,        // the register's secondary indexes
                 // (storage/registry/registry_keys.h)
  kSessions,     // token digest -> SessionRecord; revocations
};
inline constexpr int kCfCount = 10;
absl::string_view CfName(Cf cf);

// Debian's Abseil has its own string_view; RocksDB speaks std's.
inline absl::string_view View(const rocksdb::Slice& slice) {
  return absl::string_view(slice.data(), slice.size());
}

// How RocksDB replays the WAL when a store opens.
enum class WalRecovery {
  // Refuse a WAL with a bad record anywhere (DATA_LOSS); only a torn last
  // record, of a batch never acknowledged, is let go (see store.cc).
  kRefuseDamage,
  // Keep what precedes the first bad record and drop the rest: for an
  // operator who accepted the loss (jiamei-server --accept_loss).
  kUpToDamage,
};

class Store {
 public:
  // Version of the on-disk layout this build reads and writes. A directory
  // written by a newer build is refused, never opened read-write. Version 1
  // (the ledger alone) is upgraded in place: version 2 only adds the
  // register's column families and fields that default to "none". Version
  // 3 keys remembered requests by operator (see RequestKey); older ones are
  // re-keyed when opened (storage/core/request_keys_upgrade.h).
  static constexpr uint32_t kSchemaVersion = 3;

  // Opens `dir`, creating a new store if it does not exist or is empty.
  // Refuses (FAILED_PRECONDITION, with a message for a person) a directory
  // that is locked by another server, is not a jiamei store, or has a newer
  // schema, or whose disk has less than kResumeFreeBytes free ("its disk is
  // full"); and anything the OS refuses. DATA_LOSS, naming the WAL file and
  // what is wrong with it, for a damaged WAL under kRefuseDamage.
  static absl::StatusOr<std::unique_ptr<Store>> Open(
      const std::string& dir,
      WalRecovery recovery = WalRecovery::kRefuseDamage);
  // Opens the store in `dir` (a backup) for reading only: nothing in `dir`
  // is written (RocksDB writes no info LOG then), and Write() fails. Refuses
  // what Open refuses, and a directory without a store.
  static absl::StatusOr<std::unique_ptr<Store>> OpenReadOnly(
      const std::string& dir);

  ~Store();  // Closes RocksDB cleanly.
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Writes `batch` with a synced WAL: durable when this returns OK. On a
  // full disk, UNAVAILABLE with reason DISK_FULL: RocksDB then refuses every
  // write until Resume().
  absl::Status Write(rocksdb::WriteBatch* batch);

  // After DISK_FULL: once the data disk has kResumeFreeBytes free, lets
  // RocksDB write again (it flushes every memtable and starts a new WAL, so
  // the WAL a failed write may have cut is no longer needed). DISK_FULL
  // while there is not enough space; another error if RocksDB cannot
  // resume (then only a restart can).
  absl::Status Resume();
  static constexpr uint64_t kResumeFreeBytes = 8 << 20;

  // Point lookup; nullopt when absent. `snapshot` null reads the latest.
  absl::StatusOr<std::optional<std::string>> Get(
      Cf cf, absl::string_view key,
      const rocksdb::Snapshot* snapshot = nullptr) const;

  // Parses the value at `key` into `message`; false when absent. A value
  // that does not parse is DATA_LOSS.
  template <typename Message>
  absl::StatusOr<bool> GetProto(
      Cf cf, absl::string_view key, Message* message,
      const rocksdb::Snapshot* snapshot = nullptr) const {
    ASSIGN_OR_RETURN(const std::optional<std::string> value,
                     Get(cf, key, snapshot));
    if (!value.has_value()) return false;
    if (!message->ParseFromString(*value)) return CorruptRecord(cf, key);
    return true;
  }

  std::unique_ptr<rocksdb::Iterator> NewIterator(
      Cf cf, const rocksdb::Snapshot* snapshot = nullptr) const;

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* handle(Cf cf) const {
    return handles_[static_cast<int>(cf)];
  }

  // A random secret made when the store was created, for signing page tokens.
  const std::string& page_token_secret() const { return page_token_secret_; }

  // True when refusals remembered before schema 3 are kept under
  // kAnyOperator and must be looked up there too.
  bool has_shared_refusals() const { return has_shared_refusals_; }

  static absl::Status CorruptRecord(Cf cf, absl::string_view key);

 private:
  Store() = default;
  // Wraps an open database and its handles (the default family first, then
  // one per Cf in order).
  static std::unique_ptr<Store> Adopt(
      const std::string& dir, rocksdb::DB* db,
      const std::vector<rocksdb::ColumnFamilyHandle*>& handles);
  absl::Status Initialize();

  std::string dir_;
  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::ColumnFamilyHandle* default_handle_ = nullptr;  // unused
  std::array<rocksdb::ColumnFamilyHandle*, kCfCount> handles_{};
  std::string page_token_secret_;
  bool has_shared_refusals_ = false;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_STORE_H_
