// The short check-in code an organiser's phone shows: six digits that
// rotate every five minutes, so a code photographed yesterday (or an hour
// ago) does not work. Derived with HMAC-SHA256 from the store's own secret,
// the activity and the five-minute window; nothing is stored.
#ifndef JIAMEI_SERVICES_ACTIVITY_CHECKIN_CODE_H_
#define JIAMEI_SERVICES_ACTIVITY_CHECKIN_CODE_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace jiamei::services {

inline constexpr absl::Duration kCodeWindow = absl::Minutes(5);

class CheckInCodes {
 public:
  explicit CheckInCodes(std::string secret) : secret_(std::move(secret)) {}

  struct Code {
    std::string digits;
    absl::Time expire_time;  // the end of its window
  };
  // The code of `activity` now.
  Code Current(uint64_t activity, absl::Time now) const;
  // True for the current code and the one before it (a volunteer who read
  // it just before it rotated).
  bool Accepts(uint64_t activity, absl::string_view code, absl::Time now) const;

 private:
  std::string CodeOf(uint64_t activity, int64_t window) const;

  const std::string secret_;
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_ACTIVITY_CHECKIN_CODE_H_
