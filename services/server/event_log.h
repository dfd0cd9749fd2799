// The server's own log: one line per event, as key=value pairs, e.g.
//   jiamei-server: event=call method=/jiamei.v1.LedgerService/Transfer
//   code=FAILED_PRECONDITION reason=INSUFFICIENT_POINTS request_id=r-1
//   latency_ms=1.2
// Values are written bare when they hold only letters, digits and
// ._:/-+, quoted (with C escapes) otherwise. Callers pass no personal data:
// method, code, reason, request id, operator id, counts and times only.
#ifndef JIAMEI_SERVICES_SERVER_EVENT_LOG_H_
#define JIAMEI_SERVICES_SERVER_EVENT_LOG_H_

#include <cstdio>
#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"
#include "services/server/log_limit.h"

namespace jiamei::services {

using LogField = std::pair<absl::string_view, std::string>;

// "event=NAME k1=v1 k2=v2" (no prefix, no newline).
std::string EventLine(absl::string_view event,
                      std::initializer_list<LogField> fields);

class EventLog {
 public:
  // Lines go to `out` through a budget of `lines_per_minute` (LogLimit), so
  // a flood of failing calls cannot fill the disk.
  explicit EventLog(std::FILE* out = stderr, int lines_per_minute = 1200);

  void Write(absl::string_view event, std::initializer_list<LogField> fields);

 private:
  LogLimit limit_;
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_SERVER_EVENT_LOG_H_
