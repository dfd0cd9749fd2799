// The refusals of the points supermarket (rules, awards, sites, goods,
// stock, redemptions, stocktakes), and INVALID_CHANGE, which the domains
// above it reuse. The format is registry_errors.h's: one
// comment line with the gRPC code, the constant, its factories.
#ifndef JIAMEI_STORAGE_MARKET_MARKET_ERRORS_H_
#define JIAMEI_STORAGE_MARKET_MARKET_ERRORS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jiamei::errors {

// INVALID_ARGUMENT: the change names no kind of change of its domain.
inline constexpr char kInvalidChange[] = "INVALID_CHANGE";
absl::Status InvalidChange(absl::string_view domain);

// NOT_FOUND: no points rule has this id.
inline constexpr char kRuleNotFound[] = "RULE_NOT_FOUND";
absl::Status RuleNotFound(uint64_t rule);

// NOT_FOUND: no supermarket site has this id.
inline constexpr char kSiteNotFound[] = "SITE_NOT_FOUND";
absl::Status SiteNotFound(uint64_t site);

// NOT_FOUND: no good has this id.
inline constexpr char kGoodNotFound[] = "GOOD_NOT_FOUND";
absl::Status GoodNotFound(uint64_t good);

// NOT_FOUND: no redemption has this id.
inline constexpr char kRedemptionNotFound[] = "REDEMPTION_NOT_FOUND";
absl::Status RedemptionNotFound(uint64_t redemption);

// NOT_FOUND: no stocktake has this id.
inline constexpr char kStocktakeNotFound[] = "STOCKTAKE_NOT_FOUND";
absl::Status StocktakeNotFound(uint64_t stocktake);

// ALREADY_EXISTS: the unit has a rule with this code.
inline constexpr char kRuleCodeTaken[] = "RULE_CODE_TAKEN";
absl::Status RuleCodeTaken(uint64_t unit, absl::string_view code);

// INVALID_ARGUMENT: the same household and rule, or good, appear twice.
inline constexpr char kDuplicateLine[] = "DUPLICATE_LINE";
absl::Status DuplicateLineInAwards(uint64_t household, uint64_t rule);
absl::Status DuplicateLineInRedemption(uint64_t good);
absl::Status DuplicateLineInStocktake(uint64_t good);

// FAILED_PRECONDITION: the rule's unit is not the household's or above it.
inline constexpr char kRuleNotApplicable[] = "RULE_NOT_APPLICABLE";
absl::Status RuleNotApplicable(uint64_t rule, uint64_t unit,
                               uint64_t household);

// FAILED_PRECONDITION: the rule is not valid on the day of the award.
inline constexpr char kRuleNotValid[] = "RULE_NOT_VALID";
absl::Status RuleNotValid(uint64_t rule, absl::string_view valid_from,
                          absl::string_view valid_to, absl::string_view day);

// FAILED_PRECONDITION: the award would pass the rule's monthly or yearly cap.
inline constexpr char kCapReached[] = "CAP_REACHED";
absl::Status CapReached(uint64_t household, int64_t so_far, uint64_t rule,
                        absl::string_view period, int64_t cap, int64_t points);

// FAILED_PRECONDITION: a site belongs to a township or a village.
inline constexpr char kNotASiteUnit[] = "NOT_A_SITE_UNIT";
absl::Status NotASiteUnit();

// FAILED_PRECONDITION: a village a site serves is not within its unit.
inline constexpr char kVillageOutsideSite[] = "VILLAGE_OUTSIDE_SITE";
absl::Status VillageOutsideSite(uint64_t village, uint64_t unit);

// FAILED_PRECONDITION: the good has less in stock than the change takes.
inline constexpr char kInsufficientStock[] = "INSUFFICIENT_STOCK";
absl::Status InsufficientStock(uint64_t good, int64_t stock, int64_t change);
absl::Status InsufficientStockForRedemption(uint64_t good,
                                            absl::string_view display_name,
                                            int64_t stock,
                                            absl::string_view measure,
                                            int64_t quantity);

// FAILED_PRECONDITION: the site does not serve the household's village.
inline constexpr char kSiteDoesNotServe[] = "SITE_DOES_NOT_SERVE";
absl::Status SiteDoesNotServe(uint64_t site, uint64_t village,
                              uint64_t household);

// FAILED_PRECONDITION: the good belongs to another site.
inline constexpr char kGoodNotAtSite[] = "GOOD_NOT_AT_SITE";
absl::Status GoodNotAtSite(uint64_t good, uint64_t site);
absl::Status GoodNotAtSiteForStocktake(uint64_t good, uint64_t site,
                                       uint64_t counted_at);

// FAILED_PRECONDITION: the good is no longer offered.
inline constexpr char kGoodInactive[] = "GOOD_INACTIVE";
absl::Status GoodInactive(uint64_t good, absl::string_view display_name);

// INVALID_ARGUMENT: a redemption's total is too large.
inline constexpr char kInvalidQuantity[] = "INVALID_QUANTITY";
absl::Status InvalidQuantity();

// FAILED_PRECONDITION: the redemption was voided already.
inline constexpr char kAlreadyVoided[] = "ALREADY_VOIDED";
absl::Status AlreadyVoided(uint64_t redemption, uint64_t void_sequence);

// INVALID_ARGUMENT: a stocktake counts no good.
inline constexpr char kNoLines[] = "NO_LINES";
absl::Status NoLines();

// INVALID_COUNT (storage/core/core_errors.h) for a stocktake's negative count:
absl::Status InvalidCount(uint64_t good, int64_t counted);

}  // namespace jiamei::errors

#endif  // JIAMEI_STORAGE_MARKET_MARKET_ERRORS_H_
