#include "services/common/common_errors.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "storage/core/refusal.h"

namespace jiamei::errors {
namespace {

absl::Status Invalid(absl::string_view reason, absl::string_view message) {
  return Refusal(absl::StatusCode::kInvalidArgument, reason, message);
}

}  // namespace

absl::Status ShuttingDownRetry() {
  return Refusal(absl::StatusCode::kUnavailable, kShuttingDown,
                 "the server is shutting down; retry with the same "
                 "request_id");
}

absl::Status MalformedRequest(absl::string_view why) {
  return Invalid(kMalformedRequest,
                 absl::StrCat("the request's bytes are not a valid message of "
                              "the method's request type: ",
                              why));
}

absl::Status RequestIdMissing() {
  return Invalid(kInvalidRequestId, "request_id is required");
}

absl::Status RequestIdLength(size_t size) {
  return Invalid(
      kInvalidRequestId,
      absl::StrCat("request_id must be 8 to 128 characters, got ", size));
}

absl::Status RequestIdCharacters() {
  return Invalid(kInvalidRequestId,
                 "request_id may hold only letters, digits and . _ : -");
}

absl::Status MemoTooLong(size_t size, size_t max) {
  return Invalid(
      kInvalidMemo,
      absl::StrCat("memo is ", size, " bytes; at most ", max, " allowed"));
}

absl::Status MemoNotText() {
  return Invalid(kInvalidMemo, "memo must be UTF-8 without control characters");
}

absl::Status InvalidField(absl::string_view field, absl::string_view message) {
  return Invalid(
      absl::StrCat(kInvalidFieldPrefix, absl::AsciiStrToUpper(field)), message);
}

absl::Status InvalidReasonCode() {
  return Invalid(kInvalidReasonCode,
                 "reason_code must be 1 to 64 of A-Z, 0-9 and _, starting "
                 "with a letter");
}

absl::Status ReasonCodeReserved() {
  return Invalid(kInvalidReasonCode,
                 "REVERSAL is reserved: use ReverseTransfer");
}

absl::Status InvalidName(absl::string_view field, absl::string_view collection,
                         absl::string_view name) {
  return Invalid(
      kInvalidName,
      absl::StrCat(field, " must look like ", collection, "/123, got \"",
                   absl::CHexEscape(name.substr(0, 80)), "\""));
}

absl::Status InvalidPageSize(int32_t page_size, int max) {
  return Invalid(kInvalidPageSize, absl::StrCat("page_size must be 0 to ", max,
                                                ", got ", page_size));
}

absl::Status InvalidPageToken() {
  return Invalid(kInvalidPageToken,
                 "page_token is not one this server issued for this list");
}

}  // namespace jiamei::errors
