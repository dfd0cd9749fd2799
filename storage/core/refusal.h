// A refusal is an absl::Status that also carries a stable, machine-readable
// reason (e.g. INSUFFICIENT_POINTS). services/ turns the reason into a
// google.rpc.ErrorInfo so that a desk terminal can show its own words.
#ifndef JIAMEI_STORAGE_CORE_REFUSAL_H_
#define JIAMEI_STORAGE_CORE_REFUSAL_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jiamei {

absl::Status Refusal(absl::StatusCode code, absl::string_view reason,
                     absl::string_view message);

// False for storage errors (UNAVAILABLE, DATA_LOSS, INTERNAL): they are not
// answers to a request, since a retry may succeed, so they are never
// remembered for a request_id.
bool IsAnswer(const absl::Status& status);

// The reason attached by Refusal(), or "" if there is none.
std::string RefusalReason(const absl::Status& status);

}  // namespace jiamei

#endif  // JIAMEI_STORAGE_CORE_REFUSAL_H_
