// Checks for everything that arrives from the network. A request that fails
// here gets INVALID_ARGUMENT with a reason and never reaches storage.
#ifndef JIAMEI_SERVICES_COMMON_VALIDATION_H_
#define JIAMEI_SERVICES_COMMON_VALIDATION_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace jiamei::services {

inline constexpr size_t kMaxMemoBytes = 1024;
inline constexpr size_t kMaxDisplayNameBytes = 200;
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(absl::string_view text);

// 8 to 128 characters of [A-Za-z0-9._:-].
absl::Status ValidateRequestId(absl::string_view request_id);
// At most kMaxMemoBytes of UTF-8; tabs and newlines but no other controls.
absl::Status ValidateMemo(absl::string_view memo);
// min_bytes to max_bytes of UTF-8 without control characters; the reason
// is INVALID_<FIELD>.
absl::Status ValidateText(absl::string_view text, absl::string_view field,
                          size_t min_bytes, size_t max_bytes);
// 1 to kMaxDisplayNameBytes of UTF-8 without control characters.
absl::Status ValidateDisplayName(absl::string_view name);
// min_bytes to max_bytes of ASCII letters (lowercase only if `lowercase`),
// digits and `punctuation`: codes, household numbers, logins.
absl::Status ValidateIdentifier(absl::string_view text, absl::string_view field,
                                size_t max_bytes, bool lowercase,
                                absl::string_view punctuation,
                                size_t min_bytes = 1);
inline constexpr size_t kMaxLoginBytes = 64;
// An operator's login: 3 to kMaxLoginBytes of [a-z0-9._-].
absl::Status ValidateLogin(absl::string_view login);
// Today in China (storage/core/china_time.h): the bound of dates and birth dates.
absl::CivilDay Today();
// "YYYY-MM-DD", a real day from 1900 to `today` (a day of slack for time
// zones).
absl::Status ValidateDate(absl::string_view date, absl::string_view field,
                          absl::CivilDay today);
// A date for reports and rankings: "YYYY-MM-DD", at most a year ahead.
absl::StatusOr<absl::CivilDay> ParseDay(absl::string_view date,
                                        absl::string_view field);
// 1 to 64 of [A-Z0-9_], starting with a letter.
absl::Status ValidateReasonCode(absl::string_view code);

// "<collection>/<id>" with id a decimal from 1 without leading zeros, e.g.
// ParseName("accounts/12", "accounts") == 12. `field` names the request
// field in the message.
absl::StatusOr<uint64_t> ParseName(absl::string_view name,
                                   absl::string_view collection,
                                   absl::string_view field);

// Like ParseName, but "" is 0 (none).
absl::StatusOr<uint64_t> ParseOptionalName(absl::string_view name,
                                           absl::string_view collection,
                                           absl::string_view field);

// 0 means kDefaultPageSize; out of [0, kMaxPageSize] is refused.
absl::StatusOr<int> ValidatePageSize(int32_t page_size);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_COMMON_VALIDATION_H_
