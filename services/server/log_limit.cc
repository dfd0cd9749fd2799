#include "services/server/log_limit.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/stubs/logging.h"
#include "grpc/support/log.h"
#include "proto/malformed_requests.h"
#include "services/server/call_monitor.h"
#include "storage/core/rocksdb_log.h"

namespace jiamei::services {
namespace {

LogLimit* library_log = nullptr;

void WriteGrpcLine(gpr_log_func_args* args) {
  // A refused handshake is a stranger's junk: counted, not logged.
  if (absl::StrContains(args->message, "andshake failed") &&
      CountRefusedHandshake()) {
    return;
  }
  library_log->Write(
      absl::StrCat(gpr_log_severity_string(args->severity), " grpc ",
                   args->file, ":", args->line, "] ", args->message),
      absl::Now());
}

void WriteProtobufLine(google::protobuf::LogLevel level, const char* file,
                       int line, const std::string& message) {
  if (jiamei::wire::CaptureParseComplaint(message)) return;
  static constexpr const char* kLevels[] = {"I", "W", "E", "F"};
  library_log->Write(absl::StrCat(kLevels[level & 3], " protobuf ", file, ":",
                                  line, "] ", message),
                     absl::Now());
}

void WriteRocksDbLine(absl::string_view line) {
  library_log->Write(line, absl::Now());
}

}  // namespace

LogLimit::LogLimit(int lines_per_minute, std::FILE* out)
    : lines_per_minute_(lines_per_minute), out_(out) {}

void LogLimit::Write(absl::string_view line, absl::Time now) {
  absl::MutexLock lock(&mu_);
  if (now - window_start_ >= absl::Minutes(1)) {
    window_start_ = now;
    written_in_window_ = 0;
  }
  if (written_in_window_ >= lines_per_minute_) {
    ++unreported_;
    ++suppressed_;
    return;
  }
  ++written_in_window_;
  if (unreported_ > 0) {
    std::fprintf(out_, "jiamei-server: event=log_suppressed lines=%lld\n",
                 static_cast<long long>(unreported_));
    unreported_ = 0;
  }
  std::fprintf(out_, "%.*s\n", static_cast<int>(line.size()), line.data());
  std::fflush(out_);
}

int64_t LogLimit::suppressed() const {
  absl::MutexLock lock(&mu_);
  return suppressed_;
}

void LimitLibraryLogs(int lines_per_minute) {
  if (library_log != nullptr) return;
  library_log = new LogLimit(lines_per_minute, stderr);  // lives for good
  gpr_set_log_function(WriteGrpcLine);
  google::protobuf::SetLogHandler(WriteProtobufLine);
  storage::SetRocksDbLogSink(WriteRocksDbLine);
}

}  // namespace jiamei::services
