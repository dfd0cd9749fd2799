#include "storage/core/store.h"

#include <openssl/rand.h>
#include <sys/statvfs.h>

#include <filesystem>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/listener.h"
#include "rocksdb/table.h"
#include "storage/core/canonical.h"
#include "storage/core/core_errors.h"
#include "storage/core/keys.h"
#include "storage/core/refusal.h"
#include "storage/core/request_keys_upgrade.h"
#include "storage/core/rocksdb_log.h"
#include "storage/core/wal_damage.h"

namespace jiamei::storage {
namespace {

constexpr std::array<absl::string_view, kCfCount> kCfNames = {
    "meta",        "accounts",  "balances", "entries", "history",
    "idempotency", "reversals", "registry", "index",   "sessions"};

absl::Status Refuse(absl::string_view dir, absl::string_view why) {
  return absl::FailedPreconditionError(
      absl::StrCat("data directory ", dir, " refused: ", why));
}

absl::Status RefuseDamage(absl::string_view dir, const rocksdb::Status& s,
                          const RocksDbLogger& log) {
  return absl::DataLossError(absl::StrCat(
      "data directory ", dir, " refused: ",
      DescribeWalDamage(std::string(dir), s, log.FirstWalDamage())));
}

absl::Status RefuseDiskFull(absl::string_view dir, absl::string_view detail) {
  return Refuse(dir, absl::StrCat("its disk is full (", detail,
                                  "); free space and start again"));
}

rocksdb::ColumnFamilyOptions CfOptions() {
  // Most reads are point lookups (balances, request ids), so every family
  // gets a bloom filter; they share one block cache.
  static const std::shared_ptr<rocksdb::Cache> cache =
      rocksdb::NewLRUCache(256 << 20);
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions options;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

// Keeps RocksDB from resuming by itself after a full disk (it would retry
// every 5 s from a thread of its own, and a manual Resume() meanwhile is
// refused as busy): Store::Resume() resumes, when the sequencer has
// stopped and can reload its state from the disk.
class ManualResumeOnly final : public rocksdb::EventListener {
 public:
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason /*reason*/,
                            rocksdb::Status /*bg_error*/,
                            bool* auto_recovery) override {
    *auto_recovery = false;
  }
};

absl::Status DiskFull(absl::string_view dir, absl::string_view detail) {
  return errors::DiskFull(dir, detail);
}

// Bytes free to this process on the disk of `dir`, or why not known.
absl::StatusOr<uint64_t> FreeBytes(const std::string& dir) {
  struct statvfs disk;
  if (statvfs(dir.c_str(), &disk) != 0) {
    return absl::UnavailableError("its free space cannot be read");
  }
  return static_cast<uint64_t>(disk.f_bavail) * disk.f_frsize;
}

// DISK_FULL unless the disk of `dir` has room to write again.
absl::Status CheckRoomToWrite(const std::string& dir) {
  absl::StatusOr<uint64_t> free_bytes = FreeBytes(dir);
  if (!free_bytes.ok()) return DiskFull(dir, free_bytes.status().message());
  if (*free_bytes < Store::kResumeFreeBytes) {
    return DiskFull(dir, absl::StrCat(*free_bytes, " bytes free, ",
                                      Store::kResumeFreeBytes, " needed"));
  }
  return absl::OkStatus();
}

// The database-wide options, one comment per choice.
rocksdb::DBOptions DbOptions(WalRecovery recovery) {
  rocksdb::DBOptions options;
  // kTolerateCorruptedTailRecords, not RocksDB's default point-in-time
  // recovery, which silently drops everything after the first bad record. It
  // refuses a bad record anywhere (a checksum mismatch, a bad length) and lets
  // go only of a torn record at the very end of a WAL: what a crash during a
  // write leaves, of a batch whose fsync never returned and that nobody was
  // told is done. kAbsoluteConsistency would refuse even that, i.e. refuse to
  // start after an ordinary power loss. A WAL cut at a record boundary, or
  // removed, is complete as far as RocksDB can tell: the witness of the last
  // durable head (storage/core/witness.h) finds that.
  options.wal_recovery_mode =
      recovery == WalRecovery::kRefuseDamage
          ? rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords
          : rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  // Flushes and compactions on two background threads.
  options.IncreaseParallelism(2);
  // RocksDB's own LOG file is on the data disk, and once a write to it has
  // failed Debian's RocksDB aborts on the next line; its warnings and
  // errors go to our log instead (storage/core/rocksdb_log.h).
  options.info_log = NewRocksDbLogger();
  // Once the WALs hold this much, the column families still holding data in
  // the oldest one are flushed, so it can go. Without it the families that
  // take small writes (meta's head, balances, accounts, registry) never
  // fill a memtable, every WAL since their last flush is kept, and a
  // restart after kill -9 replays them all. It also caps the WAL's
  // preallocation (otherwise 1.1 x write_buffer_size, about 70 MiB).
  options.max_total_wal_size = 16 << 20;
  // No fallocate for new files: on ext4 a preallocation that does not fit
  // takes whatever space is left before it fails, so the next write of any
  // other file (an SST, the MANIFEST) fails for want of space.
  options.allow_fallocate = false;
  // A full disk stops writes until Store::Resume().
  options.listeners.push_back(std::make_shared<ManualResumeOnly>());
  return options;
}

std::vector<rocksdb::ColumnFamilyDescriptor> Descriptors() {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors = {
      {rocksdb::kDefaultColumnFamilyName, CfOptions()}};
  for (absl::string_view name : kCfNames) {
    descriptors.emplace_back(std::string(name), CfOptions());
  }
  return descriptors;
}

// Says why `dir` cannot hold a store, before RocksDB touches it.
absl::Status CheckDirectory(const std::string& dir, bool* exists) {
  std::error_code ec;
  std::filesystem::file_status status = std::filesystem::status(dir, ec);
  *exists = false;
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return Refuse(dir, ec.message());
  }
  if (!std::filesystem::exists(status)) {
    std::filesystem::create_directories(dir, ec);
    return ec ? Refuse(dir, ec.message()) : absl::OkStatus();
  }
  if (!std::filesystem::is_directory(status)) {
    return Refuse(dir, "it is not a directory");
  }
  bool empty = std::filesystem::is_empty(dir, ec);
  if (ec) return Refuse(dir, ec.message());
  if (empty) return absl::OkStatus();
  if (!std::filesystem::exists(std::filesystem::path(dir) / "CURRENT")) {
    return Refuse(dir, "it is not empty and holds no jiamei store");
  }
  *exists = true;
  return absl::OkStatus();
}

// Reads the schema version of an existing store without writing to it, so
// that a store of a newer version is never modified by this build.
// The look uses point-in-time recovery whatever `Open` was asked for: the
// schema record is old, and a damaged WAL is then refused by the real
// open, whose info LOG names the file (a read-only open writes no LOG).
absl::Status CheckSchema(const std::string& dir) {
  std::vector<std::string> families;
  rocksdb::Status s =
      rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &families);
  if (!s.ok()) return Refuse(dir, s.ToString());
  if (std::find(families.begin(), families.end(), "meta") == families.end()) {
    return Refuse(dir, "it is a RocksDB database but not a jiamei store");
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.reserve(families.size());
  for (const std::string& name : families) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  // Point in time: what is wrong with a WAL is for the real open to find
  // (and name: its logger keeps the line); RocksDB's logger here writes no
  // LOG file beside the data.
  s = rocksdb::DB::OpenForReadOnly(DbOptions(WalRecovery::kUpToDamage), dir,
                                   descriptors, &handles, &raw);
  if (!s.ok()) return Refuse(dir, s.ToString());
  std::unique_ptr<rocksdb::DB> db(raw);
  auto meta = std::find(families.begin(), families.end(), "meta");
  std::string value;
  s = db->Get(rocksdb::ReadOptions(), handles[meta - families.begin()],
              std::string(kSchemaVersionKey), &value);
  for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
  if (!s.ok()) return Refuse(dir, "it has no schema version record");
  std::optional<uint32_t> version = DecodeUint32(value);
  if (!version) return Refuse(dir, "its schema version record is malformed");
  if (*version > Store::kSchemaVersion) {
    return Refuse(dir,
                  absl::StrCat("its schema version ", *version,
                               " is newer than this server's (",
                               Store::kSchemaVersion, "); upgrade jiamei"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::string_view CfName(Cf cf) { return kCfNames[static_cast<int>(cf)]; }

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& dir,
                                                   WalRecovery recovery) {
  bool exists = false;
  RETURN_IF_ERROR(CheckDirectory(dir, &exists));
  if (exists) RETURN_IF_ERROR(CheckSchema(dir));
  // Opening writes (a WAL, the MANIFEST, the schema record), and a ledger
  // opened on a disk without room would refuse every write at once.
  if (absl::Status room = CheckRoomToWrite(dir); !room.ok()) {
    return RefuseDiskFull(dir, room.message());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::DBOptions options = DbOptions(recovery);
  rocksdb::Status s =
      rocksdb::DB::Open(options, dir, Descriptors(), &handles, &raw);
  if (s.IsCorruption()) {
    return RefuseDamage(dir, s,
                        static_cast<const RocksDbLogger&>(*options.info_log));
  }
  if (s.IsNoSpace()) return RefuseDiskFull(dir, s.ToString());
  if (!s.ok()) {
    if (s.ToString().find("lock") != std::string::npos) {
      return Refuse(
          dir, "it is in use by another jiamei-server (" + s.ToString() + ")");
    }
    return Refuse(dir, s.ToString());
  }
  std::unique_ptr<Store> store = Adopt(dir, raw, handles);
  if (absl::Status init = store->Initialize(); !init.ok()) {
    if (RefusalReason(init) != kDiskFullReason) return init;
    return RefuseDiskFull(dir, init.message());
  }
  return store;
}

absl::StatusOr<std::unique_ptr<Store>> Store::OpenReadOnly(
    const std::string& dir) {
  if (!std::filesystem::exists(std::filesystem::path(dir) / "CURRENT")) {
    return Refuse(dir, "it holds no jiamei store");
  }
  RETURN_IF_ERROR(CheckSchema(dir));
  // Read-only: RocksDB writes no info LOG, and a damaged WAL is refused.
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::OpenForReadOnly(DbOptions(WalRecovery::kRefuseDamage), dir,
                                   Descriptors(), &handles, &raw);
  if (!s.ok()) return Refuse(dir, s.ToString());
  return Adopt(dir, raw, handles);
}

std::unique_ptr<Store> Store::Adopt(
    const std::string& dir, rocksdb::DB* db,
    const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
  std::unique_ptr<Store> store(new Store());
  store->dir_ = dir;
  store->db_.reset(db);
  store->default_handle_ = handles[0];
  for (int i = 0; i < kCfCount; ++i) store->handles_[i] = handles[i + 1];
  return store;
}

// Writes the schema version and the page token secret of a new store, and
// loads the secret of an existing one, upgrading its version if older.
absl::Status Store::Initialize() {
  ASSIGN_OR_RETURN(std::optional<std::string> secret,
                   Get(Cf::kMeta, kPageTokenSecretKey));
  rocksdb::WriteBatch batch;
  if (secret.has_value()) {
    page_token_secret_ = *std::move(secret);
    ASSIGN_OR_RETURN(const std::optional<std::string> version,
                     Get(Cf::kMeta, kSchemaVersionKey));
    const std::optional<uint32_t> number =
        version.has_value() ? DecodeUint32(*version) : std::nullopt;
    if (number.value_or(0) < 3) {
      RETURN_IF_ERROR(UpgradeRequestKeys(*this, &batch));
    }
  } else {
    page_token_secret_.resize(32);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(page_token_secret_.data()),
                   static_cast<int>(page_token_secret_.size())) != 1) {
      return absl::InternalError("no randomness for the page token secret");
    }
    batch.Put(handle(Cf::kMeta), std::string(kPageTokenSecretKey),
              page_token_secret_);
  }
  batch.Put(handle(Cf::kMeta), std::string(kSchemaVersionKey),
            EncodeUint32(kSchemaVersion));
  RETURN_IF_ERROR(Write(&batch));
  ASSIGN_OR_RETURN(const std::optional<std::string> shared,
                   Get(Cf::kMeta, kSharedRefusalsKey));
  has_shared_refusals_ = shared.has_value();
  return absl::OkStatus();
}

Store::~Store() {
  if (!db_) return;
  for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
  db_->DestroyColumnFamilyHandle(default_handle_);
  db_->Close();
}

absl::Status Store::Write(rocksdb::WriteBatch* batch) {
  rocksdb::WriteOptions options;
  options.sync = true;
  rocksdb::Status s = db_->Write(options, batch);
  if (s.IsNoSpace()) return DiskFull(dir_, s.ToString());
  if (!s.ok())
    return absl::UnavailableError("storage write failed: " + s.ToString());
  return absl::OkStatus();
}

absl::Status Store::Resume() {
  RETURN_IF_ERROR(CheckRoomToWrite(dir_));
  rocksdb::Status s = db_->Resume();
  if (s.ok()) return absl::OkStatus();
  if (s.IsNoSpace() || s.IsBusy()) return DiskFull(dir_, s.ToString());
  return absl::UnavailableError("storage cannot resume: " + s.ToString());
}

absl::StatusOr<std::optional<std::string>> Store::Get(
    Cf cf, absl::string_view key, const rocksdb::Snapshot* snapshot) const {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot;
  std::string value;
  rocksdb::Status s = db_->Get(options, handle(cf),
                               rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok())
    return absl::UnavailableError("storage read failed: " + s.ToString());
  return value;
}

std::unique_ptr<rocksdb::Iterator> Store::NewIterator(
    Cf cf, const rocksdb::Snapshot* snapshot) const {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot;
  return std::unique_ptr<rocksdb::Iterator>(
      db_->NewIterator(options, handle(cf)));
}

absl::Status Store::CorruptRecord(Cf cf, absl::string_view key) {
  return absl::DataLossError(
      absl::StrCat("corrupt record in ", CfName(cf), " at key ", Hex(key)));
}

}  // namespace jiamei::storage
