// The refusals of the point-card handlers (services/cards) that only the
// gRPC layer raises. Reasons are declared once, each after one line naming
// its gRPC code, with a factory for each way it is raised.
#ifndef JIAMEI_SERVICES_CARDS_CARDS_ERRORS_H_
#define JIAMEI_SERVICES_CARDS_CARDS_ERRORS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/common/common_errors.h"
#include "storage/cards/cards_errors.h"

namespace jiamei::errors {

// INVALID_ARGUMENT: a card number that is not "{serial}-{6-digit code}"
// (or "cards/{serial}" where a name is allowed).
inline constexpr char kInvalidCardNumber[] = "INVALID_CARD_NUMBER";
absl::Status InvalidCardNumber(absl::string_view field, bool allow_name);

// INVALID_ARGUMENT: the code given is not the one printed on the card.
inline constexpr char kCardCodeMismatch[] = "CARD_CODE_MISMATCH";
absl::Status CardCodeMismatch(uint64_t serial);

// RESOURCE_EXHAUSTED: too many wrong card codes; raised by
// ThrottledRefusal (services/auth/attempt_throttle.h).
inline constexpr char kCardCodeThrottled[] = "CARD_CODE_THROTTLED";

// INVALID_STATE (services/common/common_errors.h) for a card's state:
absl::Status InvalidCardState(int32_t state);

}  // namespace jiamei::errors

#endif  // JIAMEI_SERVICES_CARDS_CARDS_ERRORS_H_
