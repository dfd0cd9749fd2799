// The number printed on a paper point card: "{serial}-{code}", the code six
// digits derived with HMAC-SHA256 from the store's own secret and the
// serial. Serials are sequential and public; the code makes a number that
// was never printed impossible to guess (one in a million per try) and a
// printed one impossible to alter into another. Nothing is stored: the code
// is recomputed to check it.
#ifndef JIAMEI_SERVICES_CARDS_CARD_CODE_H_
#define JIAMEI_SERVICES_CARDS_CARD_CODE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jiamei::services {

// A card named in a request: its serial and, if given, the printed code.
struct CardNumber {
  uint64_t serial = 0;
  std::optional<std::string> code;
};

class CardCodes {
 public:
  explicit CardCodes(std::string secret) : secret_(std::move(secret)) {}

  // The six-digit code of `serial`.
  std::string Code(uint64_t serial) const;
  // "{serial}-{code}", as printed.
  std::string Number(uint64_t serial) const;
  // True when `code` is the code of `serial` (compared in constant time).
  bool Accepts(uint64_t serial, absl::string_view code) const;

 private:
  const std::string secret_;
};

// "{serial}-{code}" (code six digits), or "cards/{serial}" when
// `allow_name`; INVALID_ARGUMENT with INVALID_CARD_NUMBER otherwise.
absl::StatusOr<CardNumber> ParseCardNumber(absl::string_view text,
                                           absl::string_view field,
                                           bool allow_name);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_CARDS_CARD_CODE_H_
