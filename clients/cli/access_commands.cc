// The commands of access: logging in and out, passwords, operators.
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/client.h"
#include "clients/cli/command.h"
#include "clients/cli/flag_values.h"
#include "clients/cli/flags.h"
#include "clients/cli/output.h"
#include "clients/cli/token.h"
#include "jiamei/v1/access.grpc.pb.h"

// The flags only these commands read.
ABSL_FLAG(bool, print_token, false,
          "login: print the token instead of saving it in the token file");
ABSL_FLAG(std::string, login, "", "an operator's login");
ABSL_FLAG(std::string, role, "",
          "admin, auditor, desk, organizer, member or group_leader");
ABSL_FLAG(std::string, person, "", "a person, people/N");

namespace jiamei::cli {
namespace {

std::string Scope(const std::string& scope) {
  return scope.empty() ? "whole system" : scope;
}

std::vector<Field> OperatorFields(const v1::Operator& op) {
  std::vector<Field> fields = {{"name", op.name()},
                               {"login", op.login()},
                               {"display_name", op.display_name()},
                               {"role", Word(op.role())},
                               {"scope", Scope(op.scope())}};
  AddIfSet(&fields, "person", op.person());
  return fields;
}

}  // namespace

template <>
void Print(const v1::LoginResponse& login) {
  std::vector<Field> fields = OperatorFields(login.operator_());
  fields.emplace_back("expires", Time(login.expire_time()));
  PrintFields(fields);
}

template <>
void Print(const v1::LogoutResponse& /*logout*/) {
  std::cout << "logged out\n";
}

template <>
void Print(const v1::ChangePasswordResponse& /*changed*/) {
  std::cout << "password changed; your tokens no longer work: log in again\n";
}

template <>
void Print(const v1::Operator& op) {
  std::vector<Field> fields = OperatorFields(op);
  fields.insert(fields.end(), {{"state", op.disabled() ? "disabled" : "active"},
                               {"created", Time(op.create_time())}});
  PrintFields(fields);
}

template <>
void Print(const v1::ListOperatorsResponse& page) {
  std::vector<Row> rows;
  for (const v1::Operator& op : page.operators()) {
    rows.push_back({op.name(), op.login(), Word(op.role()),
                    op.scope().empty() ? "all" : op.scope(),
                    op.disabled() ? "disabled" : "active", op.display_name()});
  }
  PrintTable({{"OPERATOR", false},
              {"LOGIN", false},
              {"ROLE", false},
              {"SCOPE", false},
              {"STATE", false},
              {"DISPLAY NAME", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

namespace {

using Access = v1::AccessService::Stub;

int NoPassword() {
  return UsageError("no password on standard input (one line each)");
}

// Prints the token (--print_token), or saves it in the token file and shows
// who logged in.
int KeepToken(v1::LoginResponse login) {
  if (absl::GetFlag(FLAGS_print_token)) {
    if (absl::GetFlag(FLAGS_json)) return Show(login);
    std::cout << login.token() << "\n";
    return kExitOk;
  }
  const std::string path = TokenFile();
  if (const std::string why = SaveToken(path, login.token()); !why.empty()) {
    std::cerr << "error: logged in, but cannot save the token: " << why << "\n";
    return kExitRefused;
  }
  std::cerr << "token saved in " << path << "\n";
  login.clear_token();  // it is in the file; no need to show it
  return Show(login);
}

int Login(Client* client, const std::string& login) {
  const std::optional<std::string> password = ReadPassword("password: ");
  if (!password) return NoPassword();
  v1::LoginRequest request;
  request.set_login(login);
  request.set_password(*password);
  v1::LoginResponse response;
  const grpc::Status status = client->Send(&Access::Login, request, &response);
  return status.ok() ? KeepToken(std::move(response)) : Refused(status);
}

int Logout(Client* client, const std::string& /*operand*/) {
  v1::LogoutResponse response;
  if (client->token().empty()) {
    std::cerr << "not logged in: there is no token to revoke\n";
    return kExitOk;
  }
  const grpc::Status status = client->Send(&Access::Logout, {}, &response);
  // A token the server no longer takes (expired, revoked) is as good as
  // logged out: forget it all the same.
  if (!status.ok() &&
      status.error_code() != grpc::StatusCode::UNAUTHENTICATED) {
    return Refused(status);
  }
  if (!status.ok()) std::cerr << "the token had already stopped working\n";
  ForgetToken(client->token());
  return Show(response);
}

int ChangePassword(Client* client, const std::string& /*operand*/) {
  v1::ChangePasswordRequest request;
  const std::optional<std::string> old_password =
      ReadPassword("old password: ");
  const std::optional<std::string> new_password =
      old_password ? ReadPassword("new password: ") : std::nullopt;
  if (!new_password) return NoPassword();
  request.set_old_password(*old_password);
  request.set_new_password(*new_password);
  v1::ChangePasswordResponse response;
  const grpc::Status status =
      client->Send(&Access::ChangePassword, request, &response);
  if (!status.ok()) return Refused(status);
  ForgetToken(client->token());  // every token of the caller stopped working
  return Show(response);
}

int OperatorCreate(Client* client, const std::string& /*operand*/) {
  std::string error;
  const v1::Role role = ParseWord<v1::Role>(FLAGS_role, &error);
  if (!error.empty()) return UsageError(error);
  const std::optional<std::string> password =
      ReadPassword("the new operator's password: ");
  if (!password) return NoPassword();
  v1::CreateOperatorRequest request;
  v1::Operator* op = request.mutable_operator_();
  op->set_login(absl::GetFlag(FLAGS_login));
  op->set_display_name(absl::GetFlag(FLAGS_display_name));
  op->set_role(role);
  op->set_scope(NameFlag(FLAGS_scope, "units"));
  op->set_person(NameFlag(FLAGS_person, "people"));
  request.set_password(*password);
  request.set_request_id(RequestId());
  return client->Call(&Access::CreateOperator, request);
}

int OperatorDisable(Client* client, const std::string& name) {
  v1::DisableOperatorRequest request;
  request.set_name(name);
  request.set_request_id(RequestId());
  return client->Call(&Access::DisableOperator, request);
}

constexpr Command kCommands[] = {

    {"login", "", "LOGIN", "[--print_token]",
     "log in as LOGIN (the password on standard input) and keep the token",
     kCallTimeout, Login, true},
    {"logout", "", "", "", "revoke the token and remove the token file",
     kCallTimeout, Logout},
    {"whoami", "", "", "", "show the operator the token belongs to",
     kCallTimeout, Ask<&Access::WhoAmI>},
    {"password", "", "", "",
     "change your password (old and new on standard input)", kCallTimeout,
     ChangePassword},
    {"operator", "create", "",
     "--login=LOGIN --display_name=NAME "
     "--role=admin|auditor|desk|organizer|member|group_leader [--scope=UNIT] "
     "[--person=PERSON] [--request_id=ID]",
     "create an operator (the password on standard input)", kCallTimeout,
     OperatorCreate},
    {"operator", "get", "OPERATOR", "", "show an operator", kCallTimeout,
     Get<&Access::GetOperator>},
    {"operator", "list", "", kPagingFlags, "list the operators", kCallTimeout,
     ListOf<&Access::ListOperators>},
    {"operator", "disable", "OPERATOR", "[--request_id=ID]",
     "disable an operator and revoke their tokens", kCallTimeout,
     OperatorDisable},
};

}  // namespace

absl::Span<const Command> AccessCommands() { return kCommands; }

}  // namespace jiamei::cli
