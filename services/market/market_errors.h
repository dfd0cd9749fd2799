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

// INVALID_ARGUMENT: a queued desk item has no desk_time, or one with invalid
// nanos.
inline constexpr char kInvalidDeskTime[] = "INVALID_DESK_TIME";

// INVALID_ARGUMENT: a queued desk item's desk_time is in the future (the desk's
// clock is wrong).
inline constexpr char kDeskTimeInFuture[] = "DESK_TIME_IN_FUTURE";

// INVALID_ARGUMENT: a queued desk item's desk_time is more than 31 days ago.
inline constexpr char kDeskTimeTooOld[] = "DESK_TIME_TOO_OLD";

// INVALID_ARGUMENT: an award's event_date is not a date YYYY-MM-DD within the
// year before today.
inline constexpr char kInvalidEventDate[] = "INVALID_EVENT_DATE";

// INVALID_ARGUMENT: a rule's code is not capital letters, digits and dashes.
inline constexpr char kInvalidCode[] = "INVALID_CODE";

// INVALID_ARGUMENT: a rule's cap_period or cap_points is out of range.
inline constexpr char kInvalidCap[] = "INVALID_CAP";

// INVALID_ARGUMENT: a rule's valid_from is not a date YYYY-MM-DD.
inline constexpr char kInvalidValidFrom[] = "INVALID_VALID_FROM";

// INVALID_ARGUMENT: a rule's valid_to is not a date, or is before valid_from.
inline constexpr char kInvalidValidTo[] = "INVALID_VALID_TO";

// INVALID_ARGUMENT: a good's price is out of range.
inline constexpr char kInvalidPrice[] = "INVALID_PRICE";

// INVALID_ARGUMENT: a batch award, redemption or stocktake has more lines than
// allowed.
inline constexpr char kTooManyLines[] = "TOO_MANY_LINES";

// INVALID_ARGUMENT: a site serves no village, too many, or one twice.
inline constexpr char kInvalidVillages[] = "INVALID_VILLAGES";

// INVALID_ARGUMENT: a good's revision names another site.
inline constexpr char kInvalidSite[] = "INVALID_SITE";

// INVALID_ARGUMENT: a rule's revision changes its unit or code.
inline constexpr char kInvalidRuleChange[] = "INVALID_RULE_CHANGE";

// NOT_FOUND: a rule has no such version.
inline constexpr char kRuleVersionNotFound[] = "RULE_VERSION_NOT_FOUND";

// INVALID_ARGUMENT: a receipt's width is out of range.
inline constexpr char kInvalidWidth[] = "INVALID_WIDTH";

// INVALID_ARGUMENT: a desk queue upload has more items than allowed.
inline constexpr char kTooManyItems[] = "TOO_MANY_ITEMS";

// INVALID_ARGUMENT: a desk queue item asks for nothing, or for more than one
// thing.
inline constexpr char kInvalidItem[] = "INVALID_ITEM";

}  // namespace jiamei::errors

#endif  // JIAMEI_SERVICES_MARKET_MARKET_ERRORS_H_
