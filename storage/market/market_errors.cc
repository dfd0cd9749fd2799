#include "storage/market/market_errors.h"

#include "absl/strings/str_cat.h"
#include "storage/core/core_errors.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/registry/registry_errors.h"

namespace jiamei::errors {
namespace {

using absl::StatusCode;
using storage::GoodName;
using storage::HouseholdName;
using storage::RedemptionName;
using storage::RuleName;
using storage::SiteName;
using storage::StocktakeName;
using storage::TransferName;
using storage::UnitName;

absl::Status Conflict(const char* reason, absl::string_view message,
                      const RefusalDetails& details = {}) {
  return Refusal(StatusCode::kFailedPrecondition, reason, message, details);
}

}  // namespace

absl::Status InvalidChange(absl::string_view domain) {
  return Refusal(StatusCode::kInvalidArgument, kInvalidChange,
                 absl::StrCat("no ", domain, " change given"));
}

absl::Status RuleNotFound(uint64_t rule) {
  return DoesNotExist(kRuleNotFound, RuleName(rule));
}

absl::Status SiteNotFound(uint64_t site) {
  return DoesNotExist(kSiteNotFound, SiteName(site));
}

absl::Status GoodNotFound(uint64_t good) {
  return DoesNotExist(kGoodNotFound, GoodName(good));
}

absl::Status RedemptionNotFound(uint64_t redemption) {
  return DoesNotExist(kRedemptionNotFound, RedemptionName(redemption));
}

absl::Status StocktakeNotFound(uint64_t stocktake) {
  return DoesNotExist(kStocktakeNotFound, StocktakeName(stocktake));
}

absl::Status RuleCodeTaken(uint64_t unit, absl::string_view code) {
  return Refusal(StatusCode::kAlreadyExists, kRuleCodeTaken,
                 absl::StrCat(UnitName(unit), " already has a rule ", code));
}

absl::Status DuplicateLineInAwards(uint64_t household, uint64_t rule) {
  return Refusal(StatusCode::kInvalidArgument, kDuplicateLine,
                 absl::StrCat(HouseholdName(household), " and ", RuleName(rule),
                              " appear twice"));
}

absl::Status DuplicateLineInRedemption(uint64_t good) {
  return Refusal(StatusCode::kInvalidArgument, kDuplicateLine,
                 absl::StrCat(GoodName(good), " appears twice"));
}

absl::Status DuplicateLineInStocktake(uint64_t good) {
  return Refusal(StatusCode::kInvalidArgument, kDuplicateLine,
                 absl::StrCat(GoodName(good), " is counted twice"));
}

absl::Status RuleNotApplicable(uint64_t rule, uint64_t unit,
                               uint64_t household) {
  return Conflict(
      kRuleNotApplicable,
      absl::StrCat(RuleName(rule), " is published by ", UnitName(unit), "; ",
                   HouseholdName(household), " is outside it"),
      {{"rule", RuleName(rule)},
       {"unit", UnitName(unit)},
       {"household", HouseholdName(household)}});
}

absl::Status RuleNotValid(uint64_t rule, absl::string_view valid_from,
                          absl::string_view valid_to, absl::string_view day) {
  return Conflict(
      kRuleNotValid,
      absl::StrCat(RuleName(rule), " is valid from ", valid_from, " to ",
                   valid_to.empty() ? "open end" : valid_to, ", not on ", day),
      {{"rule", RuleName(rule)},
       {"valid_from", valid_from},
       {"valid_to", valid_to},
       {"day", day}});
}

absl::Status CapReached(uint64_t household, int64_t so_far, uint64_t rule,
                        absl::string_view period, int64_t cap, int64_t points) {
  return Conflict(
      kCapReached,
      absl::StrCat(HouseholdName(household), " has ", so_far, " points from ",
                   RuleName(rule), " in ", period, "; the cap is ", cap,
                   ", this award is ", points),
      {{"household", HouseholdName(household)},
       {"rule", RuleName(rule)},
       {"period", period},
       {"so_far", so_far},
       {"cap", cap},
       {"points", points}});
}

absl::Status NotASiteUnit() {
  return Conflict(kNotASiteUnit, "a site belongs to a township or a village");
}

absl::Status VillageOutsideSite(uint64_t village, uint64_t unit) {
  return Conflict(
      kVillageOutsideSite,
      absl::StrCat(UnitName(village), " is not within ", UnitName(unit)));
}

absl::Status InsufficientStock(uint64_t good, int64_t stock, int64_t change) {
  return Conflict(
      kInsufficientStock,
      absl::StrCat(GoodName(good), " has ", stock, " in stock; the change is ",
                   change),
      {{"good", GoodName(good)}, {"stock", stock}, {"needed", -change}});
}

absl::Status InsufficientStockForRedemption(uint64_t good,
                                            absl::string_view display_name,
                                            int64_t stock,
                                            absl::string_view measure,
                                            int64_t quantity) {
  return Conflict(
      kInsufficientStock,
      absl::StrCat(GoodName(good), " (", display_name, ") has ", stock, " ",
                   measure, " in stock, ", quantity, " asked"),
      {{"good", GoodName(good)},
       {"good_name", display_name},
       {"stock", stock},
       {"needed", quantity}});
}

absl::Status SiteDoesNotServe(uint64_t site, uint64_t village,
                              uint64_t household) {
  return Conflict(
      kSiteDoesNotServe,
      absl::StrCat(SiteName(site), " does not serve ", UnitName(village),
                   " of ", HouseholdName(household)),
      {{"site", SiteName(site)},
       {"village", UnitName(village)},
       {"household", HouseholdName(household)}});
}

absl::Status GoodNotAtSite(uint64_t good, uint64_t site) {
  return Conflict(kGoodNotAtSite,
                  absl::StrCat(GoodName(good), " belongs to ", SiteName(site)),
                  {{"good", GoodName(good)}, {"site", SiteName(site)}});
}

absl::Status GoodNotAtSiteForStocktake(uint64_t good, uint64_t site,
                                       uint64_t counted_at) {
  return Conflict(kGoodNotAtSite,
                  absl::StrCat(GoodName(good), " belongs to ", SiteName(site),
                               ", not to ", SiteName(counted_at)));
}

absl::Status GoodInactive(uint64_t good, absl::string_view display_name) {
  return Conflict(
      kGoodInactive,
      absl::StrCat(GoodName(good), " (", display_name, ") is not offered"),
      {{"good", GoodName(good)}, {"good_name", display_name}});
}

absl::Status InvalidQuantity() {
  return Refusal(StatusCode::kInvalidArgument, kInvalidQuantity,
                 "the redemption's total is too large");
}

absl::Status AlreadyVoided(uint64_t redemption, uint64_t void_sequence) {
  return Conflict(kAlreadyVoided,
                  absl::StrCat(RedemptionName(redemption), " was voided by ",
                               TransferName(void_sequence)));
}

absl::Status NoLines() {
  return Refusal(StatusCode::kInvalidArgument, kNoLines,
                 "a stocktake counts at least one good");
}

absl::Status InvalidCount(uint64_t good, int64_t counted) {
  return Refusal(StatusCode::kInvalidArgument, kInvalidCount,
                 absl::StrCat(GoodName(good),
                              ": a count cannot be negative, got ", counted));
}

}  // namespace jiamei::errors
