#include "services/market/market_errors.h"

#include "storage/core/refusal.h"

namespace jiamei::errors {

absl::Status InvalidPeriod() {
  return Refusal(absl::StatusCode::kInvalidArgument, kInvalidPeriod,
                 "to_date must be from from_date to 3 years after it");
}

absl::Status InvalidRuleCategory() {
  return Refusal(absl::StatusCode::kInvalidArgument, kInvalidCategory,
                 "category must be one of RuleCategory");
}

}  // namespace jiamei::errors
