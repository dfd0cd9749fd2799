// Fixed-width big-endian integers: the encoding of every key (bytewise
// order is numeric order, storage/core/keys.h) and of the page tokens and
// card codes that services sign. No key layout here.
#ifndef JIAMEI_STORAGE_CORE_BIG_ENDIAN_H_
#define JIAMEI_STORAGE_CORE_BIG_ENDIAN_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace jiamei::storage {

// Appends the 8 bytes of `value`, most significant first.
inline void AppendBigEndian64(uint64_t value, std::string* out) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

// Reads 8 bytes from the front of `in`; nullopt if `in` is shorter.
inline std::optional<uint64_t> ReadBigEndian64(absl::string_view in) {
  if (in.size() < 8) return std::nullopt;
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) {
    value = (value << 8) | static_cast<uint8_t>(in[i]);
  }
  return value;
}

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_BIG_ENDIAN_H_
