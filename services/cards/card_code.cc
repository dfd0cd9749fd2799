#include "services/cards/card_code.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/cards/cards_errors.h"
#include "services/common/validation.h"
#include "storage/core/big_endian.h"
#include "storage/core/refusal.h"

namespace jiamei::services {
namespace {

constexpr size_t kCodeDigits = 6;

bool AllDigits(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !text.empty();
}

absl::Status BadNumber(absl::string_view field, bool allow_name) {
  return errors::InvalidCardNumber(field, allow_name);
}

}  // namespace

std::string CardCodes::Code(uint64_t serial) const {
  std::string message = "jiamei.card.v1";
  storage::AppendBigEndian64(serial, &message);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
       digest, &size);
  // 64 bits reduced mod 10^6: the bias is below 10^-13.
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | digest[i];
  return absl::StrFormat("%06u", value % 1000000);
}

std::string CardCodes::Number(uint64_t serial) const {
  return absl::StrCat(serial, "-", Code(serial));
}

bool CardCodes::Accepts(uint64_t serial, absl::string_view code) const {
  if (code.size() != kCodeDigits) return false;
  const std::string expected = Code(serial);
  return CRYPTO_memcmp(expected.data(), code.data(), kCodeDigits) == 0;
}

absl::StatusOr<CardNumber> ParseCardNumber(absl::string_view text,
                                           absl::string_view field,
                                           bool allow_name) {
  CardNumber number;
  if (allow_name && absl::StartsWith(text, "cards/")) {
    absl::StatusOr<uint64_t> serial = ParseName(text, "cards", field);
    if (!serial.ok()) return BadNumber(field, allow_name);
    number.serial = *serial;
    return number;
  }
  const size_t dash = text.find('-');
  if (dash == absl::string_view::npos) return BadNumber(field, allow_name);
  const absl::string_view serial = text.substr(0, dash);
  const absl::string_view code = text.substr(dash + 1);
  if (!AllDigits(serial) || serial.size() > 19 || serial[0] == '0' ||
      !AllDigits(code) || code.size() != kCodeDigits ||
      !absl::SimpleAtoi(serial, &number.serial)) {
    return BadNumber(field, allow_name);
  }
  number.code = std::string(code);
  return number;
}

}  // namespace jiamei::services
