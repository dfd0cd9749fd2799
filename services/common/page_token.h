// Page tokens are opaque to clients but signed: a token carries the position
// to resume from and an HMAC-SHA256 over that position and the list it
// belongs to, keyed by a secret kept in the store. A forged or altered
// token, or one taken from another list, is refused.
#ifndef JIAMEI_SERVICES_COMMON_PAGE_TOKEN_H_
#define JIAMEI_SERVICES_COMMON_PAGE_TOKEN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jiamei::services {

class PageTokens {
 public:
  explicit PageTokens(std::string secret) : secret_(std::move(secret)) {}

  // `list` names the listing, e.g. "history/accounts/7".
  std::string Encode(absl::string_view list, uint64_t position) const;
  // INVALID_ARGUMENT (INVALID_PAGE_TOKEN) unless Encode(list, p) made it.
  absl::StatusOr<uint64_t> Decode(absl::string_view list,
                                  absl::string_view token) const;
  // Where a list call starts: `first` for an empty token (the first page),
  // else Decode(list, token).
  absl::StatusOr<uint64_t> Resume(absl::string_view list,
                                  absl::string_view token,
                                  uint64_t first) const;

 private:
  std::string Mac(absl::string_view list, absl::string_view position) const;

  std::string secret_;
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_COMMON_PAGE_TOKEN_H_
