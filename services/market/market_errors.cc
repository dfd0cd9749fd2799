#include "services/market/market_errors.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "storage/cards/cards_errors.h"
#include "storage/core/china_time.h"
#include "storage/core/core_errors.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/ledger/ledger_errors.h"
#include "storage/market/market_errors.h"

namespace jiamei::errors {
namespace {

absl::Status Invalid(const char* reason, absl::string_view message) {
  return Refusal(absl::StatusCode::kInvalidArgument, reason, message);
}

// A date of a rule as given, escaped and cut to 40 bytes.
absl::Status InvalidRuleDate(const char* reason, absl::string_view field,
                             absl::string_view date) {
  return Invalid(reason,
                 absl::StrCat(field,
                              " must be a date YYYY-MM-DD from 2000 "
                              "to 2099, got \"",
                              absl::CHexEscape(date.substr(0, 40)), "\""));
}

}  // namespace

absl::Status InvalidPeriod() {
  return Invalid(kInvalidPeriod,
                 "to_date must be from from_date to 3 years after it");
}

absl::Status InvalidRuleCategory() {
  return Invalid(kInvalidCategory, "category must be one of RuleCategory");
}

absl::Status DeskTimeRequired() {
  return Invalid(kInvalidDeskTime, "desk_time is required for a queued item");
}

absl::Status InvalidDeskTimeNanos() {
  return Invalid(kInvalidDeskTime, "desk_time has invalid nanos");
}

absl::Status DeskTimeInFuture(absl::Time at) {
  return Invalid(kDeskTimeInFuture,
                 absl::StrCat("desk_time ", storage::ChinaTimeText(at),
                              " is in the future; check the desk's clock"));
}

absl::Status DeskTimeTooOld(absl::Time at) {
  return Invalid(kDeskTimeTooOld,
                 absl::StrCat("desk_time ", storage::ChinaTimeText(at),
                              " is more than 31 days ago; record it as a "
                              "new award or redemption"));
}

absl::Status InvalidEventDate(absl::string_view event_date) {
  return Invalid(
      kInvalidEventDate,
      absl::StrCat("event_date must be a date YYYY-MM-DD, got \"",
                   absl::CHexEscape(event_date.substr(0, 40)), "\""));
}

absl::Status InvalidCode() {
  return Invalid(kInvalidCode, "code takes capital letters only");
}

absl::Status InvalidCapPeriod() {
  return Invalid(kInvalidCap, "cap_period must be NONE, MONTH or YEAR");
}

absl::Status InvalidCapPoints(int64_t points, int64_t max) {
  return Invalid(kInvalidCap, absl::StrCat("cap_points must be from points (",
                                           points, ") to ", max));
}

absl::Status CapPointsWithoutPeriod() {
  return Invalid(kInvalidCap, "cap_points needs a cap_period");
}

absl::Status InvalidValidFrom(absl::string_view date) {
  return InvalidRuleDate(kInvalidValidFrom, "valid_from", date);
}

absl::Status InvalidValidTo(absl::string_view date) {
  return InvalidRuleDate(kInvalidValidTo, "valid_to", date);
}

absl::Status ValidToBeforeValidFrom() {
  return Invalid(kInvalidValidTo, "valid_to is before valid_from");
}

absl::Status InvalidPrice(int64_t max, int64_t price) {
  return Invalid(kInvalidPrice,
                 absl::StrCat("price must be 1 to ", max, ", got ", price));
}

absl::Status InvalidBatchLines(int max, int lines) {
  return Invalid(kTooManyLines,
                 absl::StrCat("a batch has 1 to ", max, " lines, got ", lines));
}

absl::Status TooManyRedemptionLines(int max) {
  return Invalid(kTooManyLines,
                 absl::StrCat("a redemption has at most ", max, " lines"));
}

absl::Status TooManyStocktakeLines(int max, int lines) {
  return Invalid(kTooManyLines, absl::StrCat("a stocktake has at most ", max,
                                             " lines, got ", lines));
}

absl::Status InvalidVillageCount() {
  return Invalid(kInvalidVillages, "a site serves 1 to 200 villages");
}

absl::Status VillageListedTwice(absl::string_view village) {
  return Invalid(kInvalidVillages, absl::StrCat(village, " is listed twice"));
}

absl::Status GoodMovesSite() {
  return Invalid(kInvalidSite, "a good never moves to another site");
}

absl::Status InvalidRuleChange() {
  return Invalid(kInvalidRuleChange,
                 "a rule's unit and code never change; publish a new "
                 "rule instead");
}

absl::Status RuleVersionNotFound(uint64_t rule, int versions) {
  return Refusal(
      absl::StatusCode::kNotFound, kRuleVersionNotFound,
      absl::StrCat(storage::RuleName(rule), " has versions 1 to ", versions));
}

absl::Status InvalidWidth() {
  return Invalid(kInvalidWidth, "width must be 24 to 80 columns");
}

absl::Status TooManyItems(int max, int items) {
  return Invalid(kTooManyItems,
                 absl::StrCat("a queue has 1 to ", max, " items, got ", items));
}

absl::Status InvalidItem() {
  return Invalid(kInvalidItem, "an item is an award or a redemption");
}

absl::Status InvalidRulePoints(int64_t max, int64_t points) {
  return Invalid(kInvalidPoints,
                 absl::StrCat("points must be 1 to ", max, ", got ", points));
}

absl::Status InvalidStockInQuantity(int64_t max, int64_t quantity) {
  return Invalid(kInvalidQuantity, absl::StrCat("quantity must be 1 to ", max,
                                                ", got ", quantity));
}

absl::Status InvalidRedeemQuantity(absl::string_view good, int64_t max,
                                   int64_t quantity) {
  return Invalid(
      kInvalidQuantity,
      absl::StrCat(good, ": quantity must be 1 to ", max, ", got ", quantity));
}

absl::Status InvalidStockInKind() {
  return Invalid(kInvalidKind, "a stock-in is a DONATION or a PURCHASE");
}

absl::Status InvalidAdjustmentKind() {
  return Invalid(kInvalidKind,
                 "an adjustment is a LOSS, a DAMAGE or a CORRECTION");
}

absl::Status InvalidStockChange(int64_t max, int64_t change) {
  return Invalid(
      kInvalidChange,
      absl::StrCat("change must be non-zero, within ±", max, ", got ", change));
}

absl::Status LossAddsStock() {
  return Invalid(kInvalidChange, "a loss or damage takes stock away");
}

absl::Status NoRedemptionLines() {
  return Invalid(kNoLines, "a redemption needs at least one line");
}

absl::Status DuplicateAwardLine(int line, absl::string_view household,
                                absl::string_view rule) {
  return Invalid(kDuplicateLine,
                 absl::StrCat("line ", line, ": ", household, " has ", rule,
                              " on an earlier line"));
}

absl::Status DuplicateRedemptionLine(absl::string_view good) {
  return Invalid(kDuplicateLine, absl::StrCat(good, " appears twice"));
}

absl::Status DuplicateStocktakeLine(int line, absl::string_view good) {
  return Invalid(kDuplicateLine,
                 absl::StrCat("line ", line, ": ", good,
                              " is counted on an earlier line"));
}

absl::Status InvalidStocktakeCount(int line, absl::string_view good,
                                   int64_t max, int64_t counted) {
  return Invalid(kInvalidCount, absl::StrCat("line ", line, ": ", good,
                                             ": counted must be 0 to ", max,
                                             ", got ", counted));
}

}  // namespace jiamei::errors
