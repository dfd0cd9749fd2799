// Bearer tokens for operators and members. A token is 32 random bytes; the
// store keeps only its SHA-256, so a copy of the data directory cannot be
// used to act as anyone.
#ifndef JIAMEI_SERVICES_AUTH_BEARER_TOKEN_H_
#define JIAMEI_SERVICES_AUTH_BEARER_TOKEN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jiamei::services {

// 43 characters of unpadded base64url.
absl::StatusOr<std::string> NewBearerToken();

// The 32-byte SHA-256 of `token`, the only form that is stored.
std::string BearerTokenDigest(absl::string_view token);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_AUTH_BEARER_TOKEN_H_
