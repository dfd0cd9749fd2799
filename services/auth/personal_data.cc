#include "services/auth/personal_data.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/auth/auth_errors.h"

namespace jiamei::services {
namespace {

bool AllDigits(absl::string_view text) {
  return std::all_of(text.begin(), text.end(), absl::ascii_isdigit);
}

int Number(absl::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

// ISO 7064 MOD 11-2 over the first 17 digits.
char CheckCharacter(absl::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                       3, 7, 9,  10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return "10X98765432"[sum % 11];
}

// Keeps the first `head` and last `tail` characters, stars in between.
std::string Mask(absl::string_view text, size_t head, size_t tail) {
  if (text.size() <= head + tail) return std::string(text.size(), '*');
  return absl::StrCat(text.substr(0, head),
                      std::string(text.size() - head - tail, '*'),
                      text.substr(text.size() - tail));
}

}  // namespace

absl::StatusOr<std::string> ValidateResidentId(absl::string_view id,
                                               absl::CivilDay today) {
  if (id.size() != 18) {
    return errors::InvalidResidentId(
        absl::StrCat("must have 18 characters, got ", id.size()));
  }
  std::string normalized = absl::AsciiStrToUpper(id);
  const absl::string_view first17 = absl::string_view(normalized).substr(0, 17);
  const char check = normalized[17];
  if (!AllDigits(first17) || !(absl::ascii_isdigit(check) || check == 'X')) {
    return errors::InvalidResidentId("must be 17 digits and a digit or X");
  }
  if (first17[0] == '0')
    return errors::InvalidResidentId("has no valid region code");
  const int year = Number(first17.substr(6, 4));
  const int month = Number(first17.substr(10, 2));
  const int day = Number(first17.substr(12, 2));
  const absl::CivilDay birth(year, month, day);
  // CivilDay normalizes out-of-range fields; a real date survives unchanged.
  if (birth.year() != year || birth.month() != month || birth.day() != day ||
      year < 1900 || birth > today) {
    return errors::InvalidResidentId("has no valid birth date");
  }
  if (CheckCharacter(first17) != check) {
    return errors::InvalidResidentId("fails its check character");
  }
  return normalized;
}

absl::StatusOr<std::string> ValidatePhone(absl::string_view phone) {
  std::string digits;
  absl::string_view rest = absl::StripAsciiWhitespace(phone);
  const bool international = absl::ConsumePrefix(&rest, "+86");
  for (char c : rest) {
    if (c == ' ' || c == '-') continue;
    if (!absl::ascii_isdigit(c)) {
      return errors::InvalidPhone(
          "may hold only digits, spaces, dashes and +86");
    }
    digits.push_back(c);
  }
  const bool mobile =
      digits.size() == 11 && digits[0] == '1' && digits[1] >= '3';
  const bool landline = !international && digits.size() >= 10 &&
                        digits.size() <= 12 && digits[0] == '0' &&
                        digits[1] != '0';
  if (!mobile && !landline) {
    return errors::InvalidPhone(
        "must be an 11-digit mobile number (13x to 19x) or a landline with "
        "its area code");
  }
  return digits;
}

std::string MaskResidentId(absl::string_view id) { return Mask(id, 4, 4); }

std::string MaskPhone(absl::string_view phone) {
  return phone.size() == 11 && phone[0] == '1' ? Mask(phone, 3, 4)
                                               : Mask(phone, 0, 4);
}

}  // namespace jiamei::services
