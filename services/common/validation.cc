#include "services/common/validation.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/common_errors.h"
#include "storage/core/china_time.h"
#include "storage/core/status_macros.h"

namespace jiamei::services {
namespace {

// Length of the UTF-8 sequence starting at `text[i]`, 0 if malformed.
size_t Utf8SequenceLength(absl::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  const uint8_t lead = byte(i);
  if (lead < 0x80) return 1;
  size_t length;
  uint32_t min;
  uint32_t code;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, min = 0x80, code = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, min = 0x800, code = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, min = 0x10000, code = lead & 0x07;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    return 0;
  }
  return length;
}

// UTF-8 whose only control characters are those in `allowed`.
bool IsCleanText(absl::string_view text, absl::string_view allowed) {
  if (!IsValidUtf8(text)) return false;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 || u == 0x7F) && !absl::StrContains(allowed, c)) return false;
  }
  return true;
}

}  // namespace

bool IsValidUtf8(absl::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

absl::Status ValidateRequestId(absl::string_view id) {
  if (id.empty()) return errors::RequestIdMissing();
  if (id.size() < 8 || id.size() > 128) {
    return errors::RequestIdLength(id.size());
  }
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) &&
        !absl::StrContains("._:-", c)) {
      return errors::RequestIdCharacters();
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateMemo(absl::string_view memo) {
  if (memo.size() > kMaxMemoBytes) {
    return errors::MemoTooLong(memo.size(), kMaxMemoBytes);
  }
  if (!IsCleanText(memo, "\n\t")) {
    return errors::MemoNotText();
  }
  return absl::OkStatus();
}

absl::Status ValidateText(absl::string_view text, absl::string_view field,
                          size_t min_bytes, size_t max_bytes) {
  if (text.size() < min_bytes || text.size() > max_bytes) {
    return errors::InvalidField(
        field, absl::StrCat(field, " must be ", min_bytes, " to ", max_bytes,
                            " bytes, got ", text.size()));
  }
  if (!IsCleanText(text, "")) {
    return errors::InvalidField(
        field,
        absl::StrCat(field, " must be UTF-8 without control characters"));
  }
  return absl::OkStatus();
}

absl::Status ValidateDisplayName(absl::string_view name) {
  return ValidateText(name, "display_name", 1, kMaxDisplayNameBytes);
}

absl::Status ValidateIdentifier(absl::string_view text, absl::string_view field,
                                size_t max_bytes, bool lowercase,
                                absl::string_view punctuation,
                                size_t min_bytes) {
  bool ok = text.size() >= min_bytes && text.size() <= max_bytes;
  for (char c : text) {
    const bool letter =
        lowercase ? absl::ascii_islower(c) : absl::ascii_isalpha(c);
    ok = ok && (letter || absl::ascii_isdigit(c) ||
                absl::StrContains(punctuation, c));
  }
  if (ok) return absl::OkStatus();
  return errors::InvalidField(
      field,
      absl::StrCat(field, " must be ", min_bytes, " to ", max_bytes, " of ",
                   lowercase ? "a-z" : "A-Z, a-z", ", 0-9 and ", punctuation,
                   ", got \"", absl::CHexEscape(text.substr(0, 80)), "\""));
}

absl::Status ValidateLogin(absl::string_view login) {
  return ValidateIdentifier(login, "login", kMaxLoginBytes, true, "._-", 3);
}

absl::CivilDay Today() { return storage::ChinaDay(absl::Now()); }

absl::Status ValidateDate(absl::string_view date, absl::string_view field,
                          absl::CivilDay today) {
  absl::CivilDay day;
  if (date.size() != 10 || !absl::ParseCivilTime(date, &day) ||
      absl::FormatCivilTime(day) != date || day.year() < 1900 ||
      day > today + 1) {
    return errors::InvalidField(
        field, absl::StrCat(field,
                            " must be a date YYYY-MM-DD from 1900 to "
                            "today, got \"",
                            absl::CHexEscape(date.substr(0, 40)), "\""));
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> ParseOptionalName(absl::string_view name,
                                           absl::string_view collection,
                                           absl::string_view field) {
  if (name.empty()) return 0;
  return ParseName(name, collection, field);
}

absl::StatusOr<absl::CivilDay> ParseDay(absl::string_view date,
                                        absl::string_view field) {
  RETURN_IF_ERROR(ValidateDate(date, field, Today() + 366));
  absl::CivilDay day;
  absl::ParseCivilTime(date, &day);
  return day;
}

absl::Status ValidateReasonCode(absl::string_view code) {
  bool ok = !code.empty() && code.size() <= 64 && absl::ascii_isupper(code[0]);
  for (char c : code) {
    ok = ok && (absl::ascii_isupper(c) || absl::ascii_isdigit(c) || c == '_');
  }
  if (!ok) return errors::InvalidReasonCode();
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> ParseName(absl::string_view name,
                                   absl::string_view collection,
                                   absl::string_view field) {
  absl::string_view id = name;
  uint64_t value = 0;
  const bool ok = absl::ConsumePrefix(&id, collection) &&
                  absl::ConsumePrefix(&id, "/") && !id.empty() &&
                  id.size() <= 20 && id[0] != '0' &&
                  std::all_of(id.begin(), id.end(), absl::ascii_isdigit) &&
                  absl::SimpleAtoi(id, &value);
  if (!ok) return errors::InvalidName(field, collection, name);
  return value;
}

absl::StatusOr<int> ValidatePageSize(int32_t page_size) {
  if (page_size < 0 || page_size > kMaxPageSize) {
    return errors::InvalidPageSize(page_size, kMaxPageSize);
  }
  return page_size == 0 ? kDefaultPageSize : page_size;
}

}  // namespace jiamei::services
