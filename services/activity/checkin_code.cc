#include "services/activity/checkin_code.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/str_format.h"

namespace jiamei::services {
namespace {

// The signed message spells each number in 8 bytes, most significant first.
void AppendUint64(uint64_t value, std::string* out) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

int64_t WindowOf(absl::Time now) {
  return absl::ToUnixSeconds(now) / absl::ToInt64Seconds(kCodeWindow);
}

}  // namespace

std::string CheckInCodes::CodeOf(uint64_t activity, int64_t window) const {
  std::string message = "jiamei.checkin.v1";
  AppendUint64(activity, &message);
  AppendUint64(static_cast<uint64_t>(window), &message);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
       digest, &size);
  const uint32_t value = (uint32_t{digest[0]} << 24) |
                         (uint32_t{digest[1]} << 16) |
                         (uint32_t{digest[2]} << 8) | uint32_t{digest[3]};
  return absl::StrFormat("%06u", value % 1000000);
}

CheckInCodes::Code CheckInCodes::Current(uint64_t activity,
                                         absl::Time now) const {
  const int64_t window = WindowOf(now);
  return {
      CodeOf(activity, window),
      absl::FromUnixSeconds((window + 1) * absl::ToInt64Seconds(kCodeWindow))};
}

bool CheckInCodes::Accepts(uint64_t activity, absl::string_view code,
                           absl::Time now) const {
  if (code.size() != 6) return false;
  const int64_t window = WindowOf(now);
  for (int64_t w : {window, window - 1}) {
    const std::string expected = CodeOf(activity, w);
    if (CRYPTO_memcmp(expected.data(), code.data(), 6) == 0) return true;
  }
  return false;
}

}  // namespace jiamei::services
