// A refusal is an absl::Status that also carries a stable, machine-readable
// reason (e.g. INSUFFICIENT_POINTS) and the names and figures a terminal
// needs to say it in its own words (balance 15, needed 80, household
// households/113). services/ turns both into a google.rpc.ErrorInfo: the
// reason, and the details as its metadata.
#ifndef JIAMEI_STORAGE_CORE_REFUSAL_H_
#define JIAMEI_STORAGE_CORE_REFUSAL_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jiamei {

// One name or figure of a refusal: a lower_snake_case key ("balance",
// "needed", "household", "good", "stock", "cap", "period", ...) and its
// value: a resource name as the API writes it ("households/113"), a whole
// number in decimal, a day "YYYY-MM-DD", or a short text.
struct RefusalDetail {
  RefusalDetail(absl::string_view k, absl::string_view v) : key(k), value(v) {}
  RefusalDetail(absl::string_view k, int64_t v);
  RefusalDetail(absl::string_view k, uint64_t v) = delete;  // ids: a name
  RefusalDetail(absl::string_view k, int v) : RefusalDetail(k, int64_t{v}) {}
  std::string key;
  std::string value;
};
using RefusalDetails = std::vector<RefusalDetail>;

absl::Status Refusal(absl::StatusCode code, absl::string_view reason,
                     absl::string_view message,
                     const RefusalDetails& details = {});

// False for storage errors (UNAVAILABLE, DATA_LOSS, INTERNAL): they are not
// answers to a request, since a retry may succeed, so they are never
// remembered for a request_id.
bool IsAnswer(const absl::Status& status);

// The reason attached by Refusal(), or "" if there is none.
std::string RefusalReason(const absl::Status& status);

// The details attached by Refusal(), in the order given; empty if none.
RefusalDetails RefusalDetailsOf(const absl::Status& status);

}  // namespace jiamei

#endif  // JIAMEI_STORAGE_CORE_REFUSAL_H_
