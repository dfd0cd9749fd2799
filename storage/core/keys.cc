#include "storage/core/keys.h"

namespace jiamei::storage {

std::string IdKey(uint64_t id) {
  std::string key;
  key.reserve(8);
  AppendBigEndian64(id, &key);
  return key;
}

std::optional<uint64_t> ParseIdKey(absl::string_view key) {
  if (key.size() != 8) return std::nullopt;
  return ReadBigEndian64(key);
}

std::string HistoryKey(uint64_t account_id, uint64_t sequence) {
  std::string key;
  key.reserve(16);
  AppendBigEndian64(account_id, &key);
  AppendBigEndian64(sequence, &key);
  return key;
}

std::optional<HistoryKeyParts> ParseHistoryKey(absl::string_view key) {
  if (key.size() != 16) return std::nullopt;
  return HistoryKeyParts{*ReadBigEndian64(key),
                         *ReadBigEndian64(key.substr(8))};
}

std::string RequestKey(uint64_t actor, absl::string_view request_id) {
  std::string key;
  key.reserve(8 + request_id.size());
  AppendBigEndian64(actor, &key);
  key.append(request_id.data(), request_id.size());
  return key;
}

std::optional<RequestKeyParts> ParseRequestKey(absl::string_view key) {
  if (key.size() <= 8) return std::nullopt;
  return RequestKeyParts{*ReadBigEndian64(key), key.substr(8)};
}

std::string EncodeHistoryValue(const HistoryValue& value) {
  std::string out;
  out.reserve(16);
  AppendBigEndian64(static_cast<uint64_t>(value.change), &out);
  AppendBigEndian64(static_cast<uint64_t>(value.balance_after), &out);
  return out;
}

std::optional<HistoryValue> DecodeHistoryValue(absl::string_view value) {
  if (value.size() != 16) return std::nullopt;
  return HistoryValue{static_cast<int64_t>(*ReadBigEndian64(value)),
                      static_cast<int64_t>(*ReadBigEndian64(value.substr(8)))};
}

std::string EncodeUint32(uint32_t value) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) {
    out[i] = static_cast<char>((value >> (24 - 8 * i)) & 0xff);
  }
  return out;
}

std::optional<uint32_t> DecodeUint32(absl::string_view value) {
  if (value.size() != 4) return std::nullopt;
  uint32_t out = 0;
  for (char c : value) out = (out << 8) | static_cast<uint8_t>(c);
  return out;
}

}  // namespace jiamei::storage
