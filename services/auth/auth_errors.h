// The refusals of who calls and what they may do: the caller's role and
// scope, tokens, passwords, the password workers, the throttles of guesses,
// operators and personal data (services/auth). Reasons are declared once here,
// each after one line naming its gRPC code, with a factory for each way it is
// raised.
#ifndef JIAMEI_SERVICES_AUTH_AUTH_ERRORS_H_
#define JIAMEI_SERVICES_AUTH_AUTH_ERRORS_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jiamei::errors {

// PERMISSION_DENIED: the caller's role, scope or household does not reach it.
inline constexpr char kPermissionDenied[] = "PERMISSION_DENIED";
absl::Status PermissionDenied(absl::string_view message);
// The caller's role is not among the method's (services/common/permissions.h).
absl::Status RoleMayNotCall(absl::string_view role_name);
// `record` (a name such as "units/7") is outside the caller's scope.
absl::Status OutOfScope(absl::string_view record);

// UNAUTHENTICATED: the call carries no authorization header.
inline constexpr char kNoToken[] = "NO_TOKEN";
absl::Status NoToken();

// UNAUTHENTICATED: authorization is not "Bearer <token>".
inline constexpr char kMalformedToken[] = "MALFORMED_TOKEN";
absl::Status MalformedToken();

// UNAUTHENTICATED: no session has this token (never issued, or purged).
inline constexpr char kUnknownToken[] = "UNKNOWN_TOKEN";
absl::Status UnknownToken();

// UNAUTHENTICATED: the token was logged out.
inline constexpr char kTokenRevoked[] = "TOKEN_REVOKED";
absl::Status TokenRevoked();

// UNAUTHENTICATED: the token's session has expired.
inline constexpr char kTokenExpired[] = "TOKEN_EXPIRED";
absl::Status TokenExpired();

// UNAUTHENTICATED: the token's operator has been disabled.
inline constexpr char kOperatorDisabled[] = "OPERATOR_DISABLED";
absl::Status OperatorDisabled();

// UNAUTHENTICATED: the password changed since the token was issued.
inline constexpr char kPasswordChanged[] = "PASSWORD_CHANGED";
absl::Status PasswordChanged();

// UNAUTHENTICATED: wrong login or password (which of the two is not said).
inline constexpr char kLoginFailed[] = "LOGIN_FAILED";
absl::Status LoginFailed();

// PERMISSION_DENIED: the old password given to ChangePassword is wrong.
inline constexpr char kWrongPassword[] = "WRONG_PASSWORD";
absl::Status WrongPassword();

// RESOURCE_EXHAUSTED: too many wrong passwords from this client (and login);
// raised by ThrottledRefusal (services/auth/attempt_throttle.h).
inline constexpr char kLoginThrottled[] = "LOGIN_THROTTLED";

// RESOURCE_EXHAUSTED: every password worker busy and the queue full.
inline constexpr char kLoginBusy[] = "LOGIN_BUSY";
absl::Status LoginBusy();
// RESOURCE_EXHAUSTED: the same, for CreateOperator and ChangePassword.
inline constexpr char kPasswordBusy[] = "PASSWORD_BUSY";
absl::Status PasswordBusy();

// INVALID_ARGUMENT: a login or password longer than a login takes.
inline constexpr char kInvalidLogin[] = "INVALID_LOGIN";
absl::Status LoginTooLong();

// INVALID_ARGUMENT: a new password too short or too long.
inline constexpr char kInvalidPassword[] = "INVALID_PASSWORD";
absl::Status InvalidPassword(size_t min_bytes, size_t max_bytes);

// INVALID_ARGUMENT: an operator's role is not one of the six.
inline constexpr char kInvalidRole[] = "INVALID_ROLE";
absl::Status InvalidRole();

// INVALID_ARGUMENT: a member without a person, or another role with one.
inline constexpr char kInvalidPerson[] = "INVALID_PERSON";
absl::Status InvalidPerson();

// INVALID_ARGUMENT: the whole system as the scope of a role other than
// admin or auditor.
inline constexpr char kInvalidScope[] = "INVALID_SCOPE";
absl::Status InvalidScope();

// FAILED_PRECONDITION: an operator asked to disable themselves.
inline constexpr char kCannotDisableSelf[] = "CANNOT_DISABLE_SELF";
absl::Status CannotDisableSelf();

// INVALID_ARGUMENT: a resident ID number that is not one (`why` says how).
inline constexpr char kInvalidResidentId[] = "INVALID_RESIDENT_ID";
absl::Status InvalidResidentId(absl::string_view why);

// INVALID_ARGUMENT: a phone number that is not one (`why` says how).
inline constexpr char kInvalidPhone[] = "INVALID_PHONE";
absl::Status InvalidPhone(absl::string_view why);

}  // namespace jiamei::errors

#endif  // JIAMEI_SERVICES_AUTH_AUTH_ERRORS_H_
