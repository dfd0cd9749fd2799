#include "storage/core/rocksdb_log.h"

#include <algorithm>
#include <atomic>
#include <cstdarg>
#include <cstdio>

namespace jiamei::storage {
namespace {

void WriteToStderr(absl::string_view line) {
  std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
}

std::atomic<RocksDbLogSink> sink{&WriteToStderr};

// RocksDB's recovery logs "<wal path>: dropping <n> bytes; <status>" for
// each bad record it meets (db/db_impl/db_impl_open.cc, LogReporter).
constexpr absl::string_view kDropping = ".log: dropping ";

}  // namespace

void SetRocksDbLogSink(RocksDbLogSink new_sink) {
  sink.store(new_sink != nullptr ? new_sink : &WriteToStderr);
}

RocksDbLogger::RocksDbLogger()
    : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {}

// RocksDB calls this for lines at or above the level (the base class
// filters and prefixes the level's name).
void RocksDbLogger::Logv(const char* format, va_list ap) {
  constexpr char kPrefix[] = "rocksdb: ";
  char line[1024];
  const size_t prefix = sizeof(kPrefix) - 1;
  std::snprintf(line, sizeof(line), "%s", kPrefix);
  const int n =
      std::vsnprintf(line + prefix, sizeof(line) - prefix, format, ap);
  if (n < 0) return;
  size_t size = std::min(prefix + static_cast<size_t>(n), sizeof(line) - 1);
  while (size > 0 && line[size - 1] == '\n') --size;
  const absl::string_view text(line, size);
  if (const size_t at = text.find(kDropping); at != text.npos) {
    // The path starts after the last "] " of the level and source prefix.
    const size_t start = text.rfind("] ", at);
    absl::MutexLock lock(&mu_);
    if (first_wal_damage_.empty()) {
      first_wal_damage_ =
          std::string(text.substr(start == text.npos ? prefix : start + 2));
    }
  }
  sink.load()(text);
}

std::string RocksDbLogger::FirstWalDamage() const {
  absl::MutexLock lock(&mu_);
  return first_wal_damage_;
}

std::shared_ptr<RocksDbLogger> NewRocksDbLogger() {
  return std::make_shared<RocksDbLogger>();
}

}  // namespace jiamei::storage
