#include "services/auth/password.h"

#include <sodium.h>

#include "absl/strings/str_cat.h"
#include "services/auth/auth_errors.h"
#include "storage/core/status_macros.h"

namespace jiamei::services {
namespace {

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

absl::Status ValidatePassword(absl::string_view password) {
  if (password.size() < kMinPasswordBytes ||
      password.size() > kMaxPasswordBytes) {
    return errors::InvalidPassword(kMinPasswordBytes, kMaxPasswordBytes);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> HashPassword(absl::string_view password) {
  RETURN_IF_ERROR(ValidatePassword(password));
  if (!SodiumReady()) return absl::InternalError("libsodium failed to start");
  char hash[crypto_pwhash_STRBYTES];
  // The "interactive" costs (64 MiB, 2 passes): a login takes tens of
  // milliseconds, a guess as long.
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::InternalError("out of memory hashing a password");
  }
  return std::string(hash);
}

bool VerifyPassword(absl::string_view password, const std::string& hash) {
  if (!SodiumReady() || password.size() > kMaxPasswordBytes) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(),
                                  password.size()) == 0;
}

}  // namespace jiamei::services
