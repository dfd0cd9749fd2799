// The refusals only the supermarket's services give: requests that do not
// validate. What the rules refuse is in storage/market. INVALID_PERIOD and
// INVALID_CATEGORY are raised by the activity and policy services too.
#ifndef JIAMEI_SERVICES_MARKET_MARKET_ERRORS_H_
#define JIAMEI_SERVICES_MARKET_MARKET_ERRORS_H_

#include "absl/status/status.h"

namespace jiamei::errors {

// INVALID_ARGUMENT: a period's to_date is before its from_date, or too far.
inline constexpr char kInvalidPeriod[] = "INVALID_PERIOD";
// Figures and rankings cover at most three years.
absl::Status InvalidPeriod();

// INVALID_ARGUMENT: a rule's or an activity's category is not one of its enum.
inline constexpr char kInvalidCategory[] = "INVALID_CATEGORY";
absl::Status InvalidRuleCategory();

}  // namespace jiamei::errors

#endif  // JIAMEI_SERVICES_MARKET_MARKET_ERRORS_H_
