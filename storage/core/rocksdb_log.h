// RocksDB's info log, kept off the data disk. RocksDB's own LOG file lives
// beside the data, so on a full disk its writes fail, and Debian's RocksDB
// (built with assertions) then aborts on the next line it logs. This logger
// cannot fail: it drops RocksDB's INFO chatter (options dumps, flush and
// compaction reports) and hands each warning or error line to a sink,
// stderr until the server installs its rate-limited log (see
// services/server/log_limit.h).
#ifndef JIAMEI_STORAGE_CORE_ROCKSDB_LOG_H_
#define JIAMEI_STORAGE_CORE_ROCKSDB_LOG_H_

#include <cstdarg>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/env.h"

namespace jiamei::storage {

// Receives one line, without its newline. Must not block for long and must
// not call back into RocksDB.
using RocksDbLogSink = void (*)(absl::string_view line);

// Sends the lines of every store's logger to `sink` from now on
// (process-wide; nullptr restores stderr).
void SetRocksDbLogSink(RocksDbLogSink sink);

// The logger a store gives RocksDB as DBOptions::info_log: WARN and above,
// prefixed "rocksdb: ", each line at most 1 KiB. It also keeps the first
// line reporting a dropped WAL record, which names the damaged WAL file
// (RocksDB's status says only what is wrong).
class RocksDbLogger final : public rocksdb::Logger {
 public:
  RocksDbLogger();
  void Logv(const char* format, va_list ap) override;
  // "<wal path>: dropping <n> bytes; <status>", or "" when none was logged.
  std::string FirstWalDamage() const;

 protected:
  rocksdb::Status CloseImpl() override { return rocksdb::Status::OK(); }

 private:
  mutable absl::Mutex mu_;
  std::string first_wal_damage_ ABSL_GUARDED_BY(mu_);
};

std::shared_ptr<RocksDbLogger> NewRocksDbLogger();

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_ROCKSDB_LOG_H_
