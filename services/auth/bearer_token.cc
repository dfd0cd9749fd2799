#include "services/auth/bearer_token.h"

#include <openssl/rand.h>

#include "absl/strings/escaping.h"
#include "storage/core/canonical.h"

namespace jiamei::services {

absl::StatusOr<std::string> NewBearerToken() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return absl::InternalError("no randomness for a bearer token");
  }
  std::string token;
  absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<char*>(bytes), sizeof bytes), &token);
  return token;
}

std::string BearerTokenDigest(absl::string_view token) {
  return storage::Sha256(token);
}

}  // namespace jiamei::services
