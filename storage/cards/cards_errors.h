// The refusals of paper point cards. The format is registry_errors.h's: one
// comment line with the gRPC code, the constant, its factories. A card
// issue's count out of range is core_errors.h's INVALID_COUNT.
#ifndef JIAMEI_STORAGE_CARDS_CARDS_ERRORS_H_
#define JIAMEI_STORAGE_CARDS_CARDS_ERRORS_H_

#include <cstdint>

#include "absl/status/status.h"

namespace jiamei::errors {

// NOT_FOUND: no card has this serial.
inline constexpr char kCardNotFound[] = "CARD_NOT_FOUND";
absl::Status CardNotFound(uint64_t serial);

// INVALID_ARGUMENT: the points of each card of an issue are out of range.
inline constexpr char kInvalidPoints[] = "INVALID_POINTS";
absl::Status InvalidPoints(int64_t max);

// INVALID_COUNT (storage/core/core_errors.h) for the number of cards of an
// issue:
absl::Status InvalidCountOfIssue(int32_t max);

// FAILED_PRECONDITION: the card was redeemed already.
inline constexpr char kCardAlreadyUsed[] = "CARD_ALREADY_USED";
absl::Status CardAlreadyUsed(uint64_t serial, uint64_t close_sequence);

// FAILED_PRECONDITION: the card was voided.
inline constexpr char kCardVoided[] = "CARD_VOIDED";
absl::Status CardVoided(uint64_t serial, uint64_t close_sequence);

// FAILED_PRECONDITION: the household is outside the unit that issued the card.
inline constexpr char kCardNotApplicable[] = "CARD_NOT_APPLICABLE";
absl::Status CardNotApplicable(uint64_t serial, uint64_t unit,
                               uint64_t household);

}  // namespace jiamei::errors

#endif  // JIAMEI_STORAGE_CARDS_CARDS_ERRORS_H_
