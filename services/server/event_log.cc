#include "services/server/event_log.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace jiamei::services {
namespace {

bool IsBare(absl::string_view value) {
  if (value.empty()) return false;
  for (char c : value) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) &&
        !absl::StrContains("._:/-+", c)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string EventLine(absl::string_view event,
                      std::initializer_list<LogField> fields) {
  std::string line = absl::StrCat("event=", event);
  for (const LogField& field : fields) {
    if (IsBare(field.second)) {
      absl::StrAppend(&line, " ", field.first, "=", field.second);
    } else {
      absl::StrAppend(&line, " ", field.first, "=\"",
                      absl::CEscape(field.second), "\"");
    }
  }
  return line;
}

EventLog::EventLog(std::FILE* out, int lines_per_minute)
    : limit_(lines_per_minute, out) {}

void EventLog::Write(absl::string_view event,
                     std::initializer_list<LogField> fields) {
  limit_.Write(absl::StrCat("jiamei-server: ", EventLine(event, fields)),
               absl::Now());
}

}  // namespace jiamei::services
