#include "services/cards/cards_errors.h"

#include "absl/strings/str_cat.h"
#include "storage/cards/card_state.h"
#include "storage/core/refusal.h"

namespace jiamei::errors {
namespace {

absl::Status Invalid(absl::string_view reason, absl::string_view message) {
  return Refusal(absl::StatusCode::kInvalidArgument, reason, message);
}

}  // namespace

absl::Status InvalidCardNumber(absl::string_view field, bool allow_name) {
  return Invalid(
      kInvalidCardNumber,
      absl::StrCat(field, " must be a card's printed number \"{serial}-",
                   "{6-digit code}\"",
                   allow_name ? " or \"cards/{serial}\"" : ""));
}

absl::Status CardCodeMismatch(uint64_t serial) {
  return Invalid(kCardCodeMismatch,
                 absl::StrCat("the code printed on ", storage::CardName(serial),
                              " is not the one given; check the number"));
}

absl::Status InvalidCardState(int32_t state) {
  return Invalid(kInvalidState, absl::StrCat("unknown card state ", state));
}

}  // namespace jiamei::errors
