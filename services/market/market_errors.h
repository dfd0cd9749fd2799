// The refusals only the supermarket's services give: requests that do not
// validate. What the rules refuse is in storage/market. INVALID_PERIOD and
// INVALID_CATEGORY are raised by the activity and policy services too.
#ifndef JIAMEI_SERVICES_MARKET_MARKET_ERRORS_H_
#define JIAMEI_SERVICES_MARKET_MARKET_ERRORS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

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
absl::Status DeskTimeRequired();
absl::Status InvalidDeskTimeNanos();

// INVALID_ARGUMENT: a queued desk item's desk_time is in the future (the desk's
// clock is wrong).
inline constexpr char kDeskTimeInFuture[] = "DESK_TIME_IN_FUTURE";
absl::Status DeskTimeInFuture(absl::Time at);

// INVALID_ARGUMENT: a queued desk item's desk_time is more than 31 days ago.
inline constexpr char kDeskTimeTooOld[] = "DESK_TIME_TOO_OLD";
absl::Status DeskTimeTooOld(absl::Time at);

// INVALID_ARGUMENT: an award's event_date is not a date YYYY-MM-DD (its day
// is judged by the unit's back-fill window, storage/policy/backfill.h).
inline constexpr char kInvalidEventDate[] = "INVALID_EVENT_DATE";
// `event_date` as given (escaped, cut to 40 bytes).
absl::Status InvalidEventDate(absl::string_view event_date);

// INVALID_ARGUMENT: a rule's code is not capital letters, digits and dashes.
inline constexpr char kInvalidCode[] = "INVALID_CODE";
absl::Status InvalidCode();

// INVALID_ARGUMENT: a rule's cap_period or cap_points is out of range.
inline constexpr char kInvalidCap[] = "INVALID_CAP";
absl::Status InvalidCapPeriod();
absl::Status InvalidCapPoints(int64_t points, int64_t max);
absl::Status CapPointsWithoutPeriod();

// INVALID_ARGUMENT: a rule's valid_from is not a date YYYY-MM-DD.
inline constexpr char kInvalidValidFrom[] = "INVALID_VALID_FROM";
// `date` as given (escaped, cut to 40 bytes).
absl::Status InvalidValidFrom(absl::string_view date);

// INVALID_ARGUMENT: a rule's valid_to is not a date, or is before valid_from.
inline constexpr char kInvalidValidTo[] = "INVALID_VALID_TO";
absl::Status InvalidValidTo(absl::string_view date);
absl::Status ValidToBeforeValidFrom();

// INVALID_ARGUMENT: a good's price is out of range.
inline constexpr char kInvalidPrice[] = "INVALID_PRICE";
absl::Status InvalidPrice(int64_t max, int64_t price);

// INVALID_ARGUMENT: a batch award, redemption or stocktake has more lines than
// allowed.
inline constexpr char kTooManyLines[] = "TOO_MANY_LINES";
absl::Status InvalidBatchLines(int max, int lines);
absl::Status TooManyRedemptionLines(int max);
absl::Status TooManyStocktakeLines(int max, int lines);

// INVALID_ARGUMENT: a site serves no village, too many, or one twice.
inline constexpr char kInvalidVillages[] = "INVALID_VILLAGES";
absl::Status InvalidVillageCount();
absl::Status VillageListedTwice(absl::string_view village);

// INVALID_ARGUMENT: a good's revision names another site.
inline constexpr char kInvalidSite[] = "INVALID_SITE";
absl::Status GoodMovesSite();

// INVALID_ARGUMENT: a rule's revision changes its unit or code.
inline constexpr char kInvalidRuleChange[] = "INVALID_RULE_CHANGE";
absl::Status InvalidRuleChange();

// NOT_FOUND: a rule has no such version.
inline constexpr char kRuleVersionNotFound[] = "RULE_VERSION_NOT_FOUND";
absl::Status RuleVersionNotFound(uint64_t rule, int versions);

// INVALID_ARGUMENT: a receipt's width is out of range.
inline constexpr char kInvalidWidth[] = "INVALID_WIDTH";
absl::Status InvalidWidth();

// INVALID_ARGUMENT: a desk queue upload has more items than allowed.
inline constexpr char kTooManyItems[] = "TOO_MANY_ITEMS";
absl::Status TooManyItems(int max, int items);

// INVALID_ARGUMENT: a desk queue item asks for nothing, or for more than one
// thing.
inline constexpr char kInvalidItem[] = "INVALID_ITEM";
absl::Status InvalidItem();

// Reasons of other headers that only the supermarket's requests raise so:
// INVALID_POINTS (storage/cards/cards_errors.h) for a rule's points:
absl::Status InvalidRulePoints(int64_t max, int64_t points);

// INVALID_QUANTITY (storage/market/market_errors.h) for a stock-in and for a
// line of a redemption (`good` as named in the request):
absl::Status InvalidStockInQuantity(int64_t max, int64_t quantity);
absl::Status InvalidRedeemQuantity(absl::string_view good, int64_t max,
                                   int64_t quantity);

// INVALID_KIND (storage/ledger/ledger_errors.h) for a stock movement:
absl::Status InvalidStockInKind();
absl::Status InvalidAdjustmentKind();

// INVALID_CHANGE (storage/market/market_errors.h) for a stock adjustment:
absl::Status InvalidStockChange(int64_t max, int64_t change);
absl::Status LossAddsStock();

// NO_LINES (storage/market/market_errors.h) for a redemption:
absl::Status NoRedemptionLines();

// DUPLICATE_LINE (storage/market/market_errors.h) with the names given:
absl::Status DuplicateAwardLine(int line, absl::string_view household,
                                absl::string_view rule);
absl::Status DuplicateRedemptionLine(absl::string_view good);
absl::Status DuplicateStocktakeLine(int line, absl::string_view good);

// INVALID_COUNT (storage/core/core_errors.h) for a line of a stocktake:
absl::Status InvalidStocktakeCount(int line, absl::string_view good,
                                   int64_t max, int64_t counted);

}  // namespace jiamei::errors

#endif  // JIAMEI_SERVICES_MARKET_MARKET_ERRORS_H_
