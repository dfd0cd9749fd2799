// Operator passwords, kept only as Argon2id hashes (libsodium's
// crypto_pwhash_str, which embeds the salt and the cost settings).
#ifndef JIAMEI_SERVICES_AUTH_PASSWORD_H_
#define JIAMEI_SERVICES_AUTH_PASSWORD_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jiamei::services {

inline constexpr size_t kMinPasswordBytes = 10;
inline constexpr size_t kMaxPasswordBytes = 128;

// INVALID_ARGUMENT (INVALID_PASSWORD) for a password out of the size bounds.
absl::Status ValidatePassword(absl::string_view password);

// ValidatePassword's refusal; INTERNAL if libsodium cannot be initialised or
// runs out of memory.
absl::StatusOr<std::string> HashPassword(absl::string_view password);

// True when `password` matches `hash`. Takes the same time for a wrong
// password as for a right one; false for a malformed hash.
bool VerifyPassword(absl::string_view password, const std::string& hash);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_AUTH_PASSWORD_H_
