// Keeps the server's log from growing with what strangers send. gRPC and
// libprotobuf write a line for some bad requests and failed handshakes; a
// flood of them would fill the disk. Once installed, their lines go
// through one budget: up to `lines_per_minute` are written as they come,
// the rest are counted and the count is written with the next line that
// fits the budget ("event=log_suppressed lines=N"). libprotobuf's complaints
// about a request's bytes never reach the log at all: they become the
// refusal's message (proto/malformed_requests.h).
#ifndef JIAMEI_SERVICES_SERVER_LOG_LIMIT_H_
#define JIAMEI_SERVICES_SERVER_LOG_LIMIT_H_

#include <cstdint>
#include <cstdio>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace jiamei::services {

class LogLimit {
 public:
  LogLimit(int lines_per_minute, std::FILE* out);

  // Writes `line` (a newline is added) if the budget allows, else counts
  // it. Thread-safe.
  void Write(absl::string_view line, absl::Time now);
  // Lines counted instead of written, since the start.
  int64_t suppressed() const;

 private:
  const int lines_per_minute_;
  std::FILE* const out_;
  mutable absl::Mutex mu_;
  absl::Time window_start_ ABSL_GUARDED_BY(mu_);
  int written_in_window_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t unreported_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t suppressed_ ABSL_GUARDED_BY(mu_) = 0;
};

// Sends gRPC's, libprotobuf's and RocksDB's log lines through one LogLimit on
// stderr that lives for the rest of the process. Call once, before serving.
void LimitLibraryLogs(int lines_per_minute = 60);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_SERVER_LOG_LIMIT_H_
