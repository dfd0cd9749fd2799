// The refusals of the register's and the organisation's handlers
// (services/registry) that only the gRPC layer raises. Reasons are declared
// once, each after one line naming its gRPC code, with a factory for each
// way it is raised.
#ifndef JIAMEI_SERVICES_REGISTRY_REGISTRY_ERRORS_H_
#define JIAMEI_SERVICES_REGISTRY_REGISTRY_ERRORS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "storage/registry/registry_errors.h"

namespace jiamei::errors {

// INVALID_LEVEL (storage/registry/registry_errors.h), refused at the door
// before the ledger sees it:
absl::Status LevelNotNamed();

// INVALID_ARGUMENT: a care category code that is not one, too many, or one
// listed twice.
inline constexpr char kInvalidCareCategory[] = "INVALID_CARE_CATEGORY";
absl::Status CareCategoryCode();
absl::Status TooManyCareCategories(int max);
absl::Status CareCategoryTwice(absl::string_view code);

// INVALID_ARGUMENT: a gender other than FEMALE or MALE.
inline constexpr char kInvalidGender[] = "INVALID_GENDER";
absl::Status InvalidGender();

// INVALID_ARGUMENT: a birth year before 1900 or after this year.
inline constexpr char kInvalidBirthYear[] = "INVALID_BIRTH_YEAR";
absl::Status InvalidBirthYear(int32_t year);

// INVALID_ARGUMENT: a search without a unit by a caller whose scope is the
// whole system.
inline constexpr char kInvalidUnit[] = "INVALID_UNIT";
absl::Status NoUnitToSearch();

// RESOURCE_EXHAUSTED: too many whole phone numbers that found nothing;
// raised by ThrottledRefusal (services/auth/attempt_throttle.h).
inline constexpr char kPhoneSearchThrottled[] = "PHONE_SEARCH_THROTTLED";

}  // namespace jiamei::errors

#endif  // JIAMEI_SERVICES_REGISTRY_REGISTRY_ERRORS_H_
