// The one time zone of the books: China Standard Time (UTC+8, no daylight
// saving). Event days, recording deadlines, expiry and "today" are days of
// this zone, whatever zone the server's machine is set to.
#ifndef JIAMEI_STORAGE_CORE_CHINA_TIME_H_
#define JIAMEI_STORAGE_CORE_CHINA_TIME_H_

#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace jiamei::storage {

inline absl::TimeZone ChinaStandardTime() {
  return absl::FixedTimeZone(8 * 60 * 60);
}

// The day `time` falls on in China.
inline absl::CivilDay ChinaDay(absl::Time time) {
  return absl::ToCivilDay(time, ChinaStandardTime());
}

// `time` as clocks in China show it, to the second:
// "2026-03-05T14:00:00+08:00".
inline std::string ChinaTimeText(absl::Time time) {
  return absl::FormatTime(absl::RFC3339_sec, time, ChinaStandardTime());
}

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_CHINA_TIME_H_
