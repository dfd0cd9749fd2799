#include "storage/rocksdb_log.h"

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

class SinkLogger final : public rocksdb::Logger {
 public:
  SinkLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {}

  // RocksDB calls this for lines at or above the level (the base class
  // filters and prefixes the level's name).
  void Logv(const char* format, va_list ap) override {
    constexpr char kPrefix[] = "rocksdb: ";
    char line[1024];
    const size_t prefix = sizeof(kPrefix) - 1;
    std::snprintf(line, sizeof(line), "%s", kPrefix);
    const int n =
        std::vsnprintf(line + prefix, sizeof(line) - prefix, format, ap);
    if (n < 0) return;
    size_t size = std::min(prefix + static_cast<size_t>(n), sizeof(line) - 1);
    while (size > 0 && line[size - 1] == '\n') --size;
    sink.load()(absl::string_view(line, size));
  }

 protected:
  rocksdb::Status CloseImpl() override { return rocksdb::Status::OK(); }
};

}  // namespace

void SetRocksDbLogSink(RocksDbLogSink new_sink) {
  sink.store(new_sink != nullptr ? new_sink : &WriteToStderr);
}

std::shared_ptr<rocksdb::Logger> NewRocksDbLogger() {
  return std::make_shared<SinkLogger>();
}

}  // namespace jiamei::storage
