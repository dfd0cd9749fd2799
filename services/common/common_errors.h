// The refusals every handler shares: the server's door (draining, a request
// that did not parse) and the validation of requests (services/common/
// validation.h, page_token.h). Reasons are declared once here, each after
// one line naming its gRPC code, with a factory for each way it is raised
// (docs/errors.md lists them all).
#ifndef JIAMEI_SERVICES_COMMON_COMMON_ERRORS_H_
#define JIAMEI_SERVICES_COMMON_COMMON_ERRORS_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "storage/core/core_errors.h"

namespace jiamei::errors {

// SHUTTING_DOWN (storage/core/core_errors.h) at the door of a handler:
// nothing new reaches the ledger.
absl::Status ShuttingDownRetry();

// INVALID_ARGUMENT: the request's bytes are not a message of its type.
inline constexpr char kMalformedRequest[] = "MALFORMED_REQUEST";
absl::Status MalformedRequest(absl::string_view why);

// INVALID_ARGUMENT: request_id is missing, too short or long, or has other
// characters than letters, digits and . _ : -.
inline constexpr char kInvalidRequestId[] = "INVALID_REQUEST_ID";
absl::Status RequestIdMissing();
absl::Status RequestIdLength(size_t size);
absl::Status RequestIdCharacters();

// INVALID_ARGUMENT: a memo too long or with control characters.
inline constexpr char kInvalidMemo[] = "INVALID_MEMO";
absl::Status MemoTooLong(size_t size, size_t max);
absl::Status MemoNotText();

// INVALID_ARGUMENT: the field `field` of the request is not valid; the
// reason is "INVALID_" and the field's name in capitals (INVALID_NOTE,
// INVALID_DISPLAY_NAME, INVALID_LOGIN, INVALID_FROM_DATE, ...).
inline constexpr absl::string_view kInvalidFieldPrefix = "INVALID_";
absl::Status InvalidField(absl::string_view field, absl::string_view message);

// INVALID_ARGUMENT: a reason code is not 1 to 64 of A-Z, 0-9 and _.
inline constexpr char kInvalidReasonCode[] = "INVALID_REASON_CODE";
absl::Status InvalidReasonCode();
// REVERSAL is reserved for ReverseTransfer.
absl::Status ReasonCodeReserved();

// INVALID_ARGUMENT: a resource name does not look like collection/123.
inline constexpr char kInvalidName[] = "INVALID_NAME";
absl::Status InvalidName(absl::string_view field, absl::string_view collection,
                         absl::string_view name);

// INVALID_ARGUMENT: page_size is negative or above the maximum.
inline constexpr char kInvalidPageSize[] = "INVALID_PAGE_SIZE";
absl::Status InvalidPageSize(int32_t page_size, int max);

// INVALID_ARGUMENT: page_token is not one this server issued for the list.
inline constexpr char kInvalidPageToken[] = "INVALID_PAGE_TOKEN";
absl::Status InvalidPageToken();

// INVALID_ARGUMENT: a list filter names a state that is not one of its enum.
inline constexpr char kInvalidState[] = "INVALID_STATE";

}  // namespace jiamei::errors

#endif  // JIAMEI_SERVICES_COMMON_COMMON_ERRORS_H_
