#include "services/common/page_token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "services/common/common_errors.h"
#include "storage/core/big_endian.h"

namespace jiamei::services {
namespace {

constexpr size_t kMacBytes = 16;
constexpr size_t kMaxTokenChars = 64;

absl::Status BadToken() { return errors::InvalidPageToken(); }

}  // namespace

std::string PageTokens::Mac(absl::string_view list,
                            absl::string_view position) const {
  std::string message;
  storage::AppendBigEndian64(list.size(), &message);
  absl::StrAppend(&message, list, position);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
       mac, &size);
  return std::string(reinterpret_cast<char*>(mac), kMacBytes);
}

std::string PageTokens::Encode(absl::string_view list,
                               uint64_t position) const {
  std::string raw;
  storage::AppendBigEndian64(position, &raw);
  raw += Mac(list, raw);
  std::string token;
  absl::WebSafeBase64Escape(raw, &token);
  return token;
}

absl::StatusOr<uint64_t> PageTokens::Decode(absl::string_view list,
                                            absl::string_view token) const {
  std::string raw;
  if (token.size() > kMaxTokenChars ||
      !absl::WebSafeBase64Unescape(token, &raw) ||
      raw.size() != 8 + kMacBytes) {
    return BadToken();
  }
  const std::string expected = Mac(list, absl::string_view(raw).substr(0, 8));
  if (CRYPTO_memcmp(expected.data(), raw.data() + 8, kMacBytes) != 0) {
    return BadToken();
  }
  return *storage::ReadBigEndian64(raw);
}

absl::StatusOr<uint64_t> PageTokens::Resume(absl::string_view list,
                                            absl::string_view token,
                                            uint64_t first) const {
  if (token.empty()) return first;
  return Decode(list, token);
}

}  // namespace jiamei::services
