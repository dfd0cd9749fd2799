// RocksDB's info log, kept off the data disk. RocksDB's own LOG file lives
// beside the data, so on a full disk its writes fail, and Debian's RocksDB
// (built with assertions) then aborts on the next line it logs. This logger
// cannot fail: it drops RocksDB's INFO chatter (options dumps, flush and
// compaction reports) and hands each warning or error line to a sink,
// stderr until the server installs its rate-limited log (see
// services/log_limit.h).
#ifndef JIAMEI_STORAGE_ROCKSDB_LOG_H_
#define JIAMEI_STORAGE_ROCKSDB_LOG_H_

#include <memory>

#include "absl/strings/string_view.h"
#include "rocksdb/env.h"

namespace jiamei::storage {

// Receives one line, without its newline. Must not block for long and must
// not call back into RocksDB.
using RocksDbLogSink = void (*)(absl::string_view line);

// Sends the lines of every store's logger to `sink` from now on
// (process-wide; nullptr restores stderr).
void SetRocksDbLogSink(RocksDbLogSink sink);

// The logger a store gives RocksDB as DBOptions::info_log: WARN and above,
// prefixed "rocksdb: ", each line at most 1 KiB.
std::shared_ptr<rocksdb::Logger> NewRocksDbLogger();

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_ROCKSDB_LOG_H_
