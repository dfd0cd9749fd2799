#include "storage/cards/cards_errors.h"

#include "absl/strings/str_cat.h"
#include "storage/cards/card_state.h"
#include "storage/core/core_errors.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/registry/registry_errors.h"

namespace jiamei::errors {

using absl::StatusCode;
using storage::CardName;
using storage::HouseholdName;
using storage::TransferName;
using storage::UnitName;

absl::Status CardNotFound(uint64_t serial) {
  return DoesNotExist(kCardNotFound, CardName(serial));
}

absl::Status InvalidPoints(int64_t max) {
  return Refusal(StatusCode::kInvalidArgument, kInvalidPoints,
                 absl::StrCat("points must be 1 to ", max), {{"max", max}});
}

absl::Status InvalidCountOfIssue(int32_t max) {
  return Refusal(StatusCode::kInvalidArgument, kInvalidCount,
                 absl::StrCat("count must be 1 to ", max), {{"max", max}});
}

absl::Status CardAlreadyUsed(uint64_t serial, uint64_t close_sequence) {
  return Refusal(
      StatusCode::kFailedPrecondition, kCardAlreadyUsed,
      absl::StrCat(CardName(serial), " was redeemed by ",
                   TransferName(close_sequence)),
      {{"card", CardName(serial)}, {"transfer", TransferName(close_sequence)}});
}

absl::Status CardVoided(uint64_t serial, uint64_t close_sequence) {
  return Refusal(
      StatusCode::kFailedPrecondition, kCardVoided,
      absl::StrCat(CardName(serial), " was voided by ",
                   TransferName(close_sequence)),
      {{"card", CardName(serial)}, {"transfer", TransferName(close_sequence)}});
}

absl::Status CardNotApplicable(uint64_t serial, uint64_t unit,
                               uint64_t household) {
  return Refusal(
      StatusCode::kFailedPrecondition, kCardNotApplicable,
      absl::StrCat(CardName(serial), " is issued by ", UnitName(unit), "; ",
                   HouseholdName(household), " is outside it"),
      {{"card", CardName(serial)},
       {"unit", UnitName(unit)},
       {"household", HouseholdName(household)}});
}

}  // namespace jiamei::errors
