#include "services/auth/auth_errors.h"

#include "absl/strings/str_cat.h"
#include "storage/core/refusal.h"

namespace jiamei::errors {
namespace {

absl::Status Unauthenticated(absl::string_view reason,
                             absl::string_view message) {
  return Refusal(absl::StatusCode::kUnauthenticated, reason, message);
}

absl::Status Invalid(absl::string_view reason, absl::string_view message) {
  return Refusal(absl::StatusCode::kInvalidArgument, reason, message);
}

absl::Status WorkersBusy(absl::string_view reason) {
  return Refusal(absl::StatusCode::kResourceExhausted, reason,
                 "too many password checks at once; try again in a moment");
}

}  // namespace

absl::Status PermissionDenied(absl::string_view message) {
  return Refusal(absl::StatusCode::kPermissionDenied, kPermissionDenied,
                 message);
}

absl::Status RoleMayNotCall(absl::string_view role_name) {
  return PermissionDenied(
      absl::StrCat("the role ", role_name, " may not make this call"));
}

absl::Status OutOfScope(absl::string_view record) {
  return PermissionDenied(absl::StrCat(record, " is outside your scope"));
}

absl::Status NoToken() {
  return Unauthenticated(kNoToken,
                         "this call needs \"authorization: Bearer <token>\"; "
                         "log in first");
}

absl::Status MalformedToken() {
  return Unauthenticated(kMalformedToken,
                         "authorization must be \"Bearer <token>\"");
}

absl::Status UnknownToken() {
  return Unauthenticated(kUnknownToken, "unknown token");
}

absl::Status TokenRevoked() {
  return Unauthenticated(kTokenRevoked, "this token was logged out");
}

absl::Status TokenExpired() {
  return Unauthenticated(kTokenExpired, "this token has expired");
}

absl::Status OperatorDisabled() {
  return Unauthenticated(kOperatorDisabled, "this operator is disabled");
}

absl::Status PasswordChanged() {
  return Unauthenticated(kPasswordChanged,
                         "the password changed; log in again");
}

absl::Status LoginFailed() {
  return Unauthenticated(kLoginFailed, "wrong login or password");
}

absl::Status WrongPassword() {
  return Refusal(absl::StatusCode::kPermissionDenied, kWrongPassword,
                 "the old password is wrong");
}

absl::Status LoginBusy() { return WorkersBusy(kLoginBusy); }

absl::Status PasswordBusy() { return WorkersBusy(kPasswordBusy); }

absl::Status LoginTooLong() {
  return Invalid(kInvalidLogin, "login or password is too long");
}

absl::Status InvalidPassword(size_t min_bytes, size_t max_bytes) {
  return Invalid(kInvalidPassword,
                 absl::StrCat("a password must have ", min_bytes, " to ",
                              max_bytes, " bytes"));
}

absl::Status InvalidRole() {
  return Invalid(kInvalidRole,
                 "role must be ADMIN, AUDITOR, "
                 "DESK_OPERATOR, ORGANIZER, MEMBER or GROUP_LEADER");
}

absl::Status InvalidPerson() {
  return Invalid(kInvalidPerson,
                 "a member needs `person`; other roles take none");
}

absl::Status InvalidScope() {
  return Invalid(kInvalidScope,
                 "only admins and auditors may have the whole system "
                 "as their scope");
}

absl::Status CannotDisableSelf() {
  return Refusal(absl::StatusCode::kFailedPrecondition, kCannotDisableSelf,
                 "an operator cannot disable themselves");
}

absl::Status InvalidResidentId(absl::string_view why) {
  return Invalid(kInvalidResidentId, absl::StrCat("resident ID number ", why));
}

absl::Status InvalidPhone(absl::string_view why) {
  return Invalid(kInvalidPhone, absl::StrCat("phone number ", why));
}

}  // namespace jiamei::errors
