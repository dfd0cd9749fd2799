// Personal data that households and volunteers give: resident ID numbers and
// phone numbers. Checked strictly when they arrive, and masked when shown to
// someone whose role does not need them (and never written to logs).
#ifndef JIAMEI_SERVICES_AUTH_PERSONAL_DATA_H_
#define JIAMEI_SERVICES_AUTH_PERSONAL_DATA_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace jiamei::services {

// A mainland resident identity number (GB 11643-1999): a 6-digit region
// code, the birth date as YYYYMMDD, a 3-digit sequence, and a check
// character (0-9 or X) from the ISO 7064 MOD 11-2 rule. Returns the number
// with a lowercase x made uppercase. `today` bounds the birth date.
absl::StatusOr<std::string> ValidateResidentId(absl::string_view id,
                                               absl::CivilDay today);

// A mainland mobile number (11 digits from 13x to 19x, "+86" allowed) or a
// landline with its area code ("0571-87654321"). Returns the number with
// "+86", spaces and dashes taken out.
absl::StatusOr<std::string> ValidatePhone(absl::string_view phone);

// "310101199001011234" -> "3101**********1234".
std::string MaskResidentId(absl::string_view id);
// "13812345678" -> "138****5678"; landlines keep their last 4 digits.
std::string MaskPhone(absl::string_view phone);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_AUTH_PERSONAL_DATA_H_
