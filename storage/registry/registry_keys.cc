#include "storage/registry/registry_keys.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "storage/core/keys.h"

namespace jiamei::storage {
namespace {

std::string Prefixed(char prefix) { return std::string(1, prefix); }

}  // namespace

std::string RecordKey(Record kind, uint64_t id) {
  std::string key = Prefixed(static_cast<char>(kind));
  AppendBigEndian64(id, &key);
  return key;
}

std::string RecordKey(Record kind, absl::string_view code) {
  std::string key = Prefixed(static_cast<char>(kind));
  key.append(code.data(), code.size());
  return key;
}

std::string IndexKey(Index kind, uint64_t a) {
  std::string key = Prefixed(static_cast<char>(kind));
  AppendBigEndian64(a, &key);
  return key;
}

std::string IndexKey(Index kind, uint64_t a, uint64_t b) {
  std::string key = IndexKey(kind, a);
  AppendBigEndian64(b, &key);
  return key;
}

std::string IndexKey(Index kind, uint64_t a, uint64_t b, uint64_t c) {
  std::string key = IndexKey(kind, a, b);
  AppendBigEndian64(c, &key);
  return key;
}

std::string IndexKey(Index kind, absl::string_view text) {
  std::string key = Prefixed(static_cast<char>(kind));
  key.append(text.data(), text.size());
  return key;
}

std::string IndexKey(Index kind, uint64_t a, absl::string_view text) {
  std::string key = IndexKey(kind, a);
  key.append(text.data(), text.size());
  return key;
}

std::string SearchKey(uint64_t village, absl::string_view term,
                      uint64_t household, uint64_t person) {
  std::string key = IndexKey(Index::kSearch, village, term);
  key.push_back('\0');
  AppendBigEndian64(household, &key);
  AppendBigEndian64(person, &key);
  return key;
}

std::optional<uint64_t> KeyId(absl::string_view key, int position) {
  const size_t offset = 1 + 8 * static_cast<size_t>(position);
  if (key.size() < offset + 8) return std::nullopt;
  return ReadBigEndian64(key.substr(offset));
}

std::optional<uint64_t> SearchKeyHousehold(absl::string_view key) {
  if (key.size() < 1 + 8 + 1 + 16) return std::nullopt;
  return ReadBigEndian64(key.substr(key.size() - 16));
}

absl::string_view SearchKeyTerm(absl::string_view key) {
  constexpr size_t kHead = 1 + 8;
  constexpr size_t kTail = 1 + 16;
  if (key.size() < kHead + kTail) return {};
  return key.substr(kHead, key.size() - kHead - kTail);
}

bool IsPhoneSearchKey(absl::string_view key) {
  const absl::string_view term = SearchKeyTerm(key);
  return !term.empty() &&
         ReadBigEndian64(key.substr(key.size() - 8)).value_or(0) != 0 &&
         std::all_of(term.begin(), term.end(), absl::ascii_isdigit);
}

std::string EncodeId(uint64_t id) { return IdKey(id); }

std::optional<uint64_t> DecodeId(absl::string_view value) {
  if (value.size() != 8) return std::nullopt;
  return ReadBigEndian64(value);
}

uint64_t DayNumber(absl::CivilDay day) {
  return static_cast<uint64_t>(day - absl::CivilDay(1970, 1, 1));
}

}  // namespace jiamei::storage
