// How a command of the jiamei CLI talks to the server: one Client a run,
// which makes the calls with the deadline and token of the command line,
// shows the answers as the flags ask (clients/cli/output.h) and turns what
// happened into the exit status; and the shapes most commands share (get a
// record by name, list with pagination, send a mutation with a request id),
// so that a command of that shape is one line in the command table.
#ifndef JIAMEI_CLIENTS_CLI_CLIENT_H_
#define JIAMEI_CLIENTS_CLI_CLIENT_H_

#include <iostream>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "clients/backup_client.h"
#include "clients/cli/flag_values.h"
#include "clients/cli/flags.h"
#include "clients/cli/output.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/grpcpp.h"
#include "jiamei/v1/audit.pb.h"
#include "jiamei/v1/backup.grpc.pb.h"
#include "jiamei/v1/exports.grpc.pb.h"
#include "jiamei/v1/registry.grpc.pb.h"

namespace jiamei::cli {

// The exit status: what scripts rely on.
constexpr int kExitOk = 0;
constexpr int kExitRefused = 1;  // refused, unreachable or not serving
constexpr int kExitUsage = 2;
constexpr int kExitAuditFound = 3;

// Says what is wrong with the command line, and where help is; returns
// kExitUsage.
int UsageError(absl::string_view problem);

// Says why the server refused (with a hint when a connection was closed at
// once, which is most likely TLS); returns kExitRefused.
int Refused(const grpc::Status& status);

// What a successful answer means to a script: an audit may have found
// discrepancies, a health check may find the server not serving.
inline int ExitCode(const google::protobuf::Message& /*answer*/) {
  return kExitOk;
}
int ExitCode(const v1::AuditReport& report);
int ExitCode(const grpc::health::v1::HealthCheckResponse& health);
// A register import's dry run that found problems: kExitRefused.
int ExitCode(const v1::ImportRegisterResponse& import);

// Prints an answer as JSON; returns the exit code.
template <typename Answer>
int ShowJson(const Answer& answer) {
  std::string error;
  if (!PrintJson(answer, &error)) {
    // The call may have succeeded, but the script did not get its answer.
    std::cerr << "error: cannot print the answer as JSON: " << error << "\n";
    return kExitRefused;
  }
  return ExitCode(answer);
}

// Shows an answer as the flags ask; returns the exit code.
template <typename Answer>
int Show(const Answer& answer) {
  if (absl::GetFlag(FLAGS_json)) return ShowJson(answer);
  Print(answer);
  return ExitCode(answer);
}

template <typename Stub, typename Request, typename Response>
using Method = grpc::Status (Stub::*)(grpc::ClientContext*, const Request&,
                                      Response*);

// RequestOf<&OrganizationService::Stub::GetUnit> is v1::GetUnitRequest.
template <typename M>
struct MethodTypes;
template <typename Stub, typename Request, typename Response>
struct MethodTypes<Method<Stub, Request, Response>> {
  using RequestType = Request;
};
template <auto kMethod>
using RequestOf = typename MethodTypes<decltype(kMethod)>::RequestType;

// The server, the deadline every call gets and the token it carries.
class Client {
 public:
  Client(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout,
         std::string token)
      : channel_(std::move(channel)),
        timeout_(timeout),
        token_(std::move(token)) {}

  // "" for calls made without one (login, health).
  const std::string& token() const { return token_; }

  // Makes one call and shows the answer or the refusal; returns the exit
  // code.
  template <typename Stub, typename Request, typename Response>
  int Call(Method<Stub, Request, Response> method, const Request& request) {
    Response response;
    const grpc::Status status = Send(method, request, &response);
    return status.ok() ? Show(response) : Refused(status);
  }

  // Shows the page --page_size and --page_token ask for or, with --all,
  // every page from there on, together, as if they were one page.
  template <typename Stub, typename Request, typename Response>
  int List(Method<Stub, Request, Response> method, Request request) {
    request.set_page_size(absl::GetFlag(FLAGS_page_size));
    request.set_page_token(absl::GetFlag(FLAGS_page_token));
    Response all;
    do {
      Response page;
      const grpc::Status status = Send(method, request, &page);
      if (!status.ok()) return Refused(status);
      all.MergeFrom(page);  // appends the page's entries
      request.set_page_token(page.next_page_token());
    } while (absl::GetFlag(FLAGS_all) && !request.page_token().empty());
    all.set_next_page_token(request.page_token());
    return Show(all);
  }

  // Makes one call, for commands that do more with the answer than show it.
  template <typename Stub, typename Request, typename Response>
  grpc::Status Send(Method<Stub, Request, Response> method,
                    const Request& request, Response* response) {
    grpc::ClientContext context;
    Prepare(&context);
    Stub stub(channel_);
    return (stub.*method)(&context, request, response);
  }

  // Streams a backup of the server into `sink` (clients/backup_client.h).
  grpc::Status Backup(storage::BackupSink* sink, v1::BackupManifest* manifest);
  // Streams the export `request` asks for into the file `path` here
  // (clients/export_client.h).
  grpc::Status Export(const v1::ExportLedgerRequest& request,
                      const std::string& path, v1::ExportFile* file,
                      int64_t* bytes);

  // Sends a register file in parts (clients/import_client.h).
  grpc::Status ImportRegister(v1::ImportRegisterRequest first,
                              absl::string_view file,
                              v1::ImportRegisterResponse* response);

 private:
  // The deadline, and the token if there is one.
  void Prepare(grpc::ClientContext* context) const;

  std::shared_ptr<grpc::Channel> channel_;
  absl::Duration timeout_;
  std::string token_;
};

// Sends a mutation, with a request id, if `checked` (what became of its
// flags) is OK; a usage error otherwise. `request` is taken by reference and
// copied here: callers fill it in the `checked` argument itself (SetNumber
// and kin), and arguments are evaluated in no fixed order, so a copy made
// at the call could miss those fields (clang copied first: amount 0).
template <typename Stub, typename Request, typename Response>
int Mutate(Client* client, Method<Stub, Request, Response> method,
           const Request& request, const absl::Status& checked) {
  if (!checked.ok()) return UsageError(checked.message());
  Request sent = request;
  sent.set_request_id(RequestId());
  return client->Call(method, sent);
}

// ---- Commands of a shared shape ------------------------------------------
//
// A command gets its operand, already a full name if it names a record (see
// kCollections in main.cc), or "" if it takes none, and returns the exit
// code.

// `jiamei unit get 3` and its kin: the record the operand names.
template <auto kMethod>
int Get(Client* client, const std::string& name) {
  RequestOf<kMethod> request;
  request.set_name(name);
  return client->Call(kMethod, request);
}

// A call that takes nothing: whoami, audit, category list, health.
template <auto kMethod>
int Ask(Client* client, const std::string& /*operand*/) {
  return client->Call(kMethod, RequestOf<kMethod>());
}

// A list of what is under the operand (a unit's children, a village's
// households, an account's history) in the request field kField (its
// mutable_ accessor), or of everything when kField is nullptr.
template <auto kMethod, auto kField = nullptr>
int ListOf(Client* client, const std::string& name) {
  RequestOf<kMethod> request;
  if constexpr (!std::is_null_pointer_v<decltype(kField)>) {
    *(request.*kField)() = name;
  }
  return client->List(kMethod, request);
}

// `jiamei policy get 3` and its kin: the answer about the operand, which
// goes in the request field kField (its mutable_ accessor).
template <auto kMethod, auto kField>
int About(Client* client, const std::string& operand) {
  RequestOf<kMethod> request;
  *(request.*kField)() = operand;
  return client->Call(kMethod, request);
}

// `jiamei card list 3 --state=voided` and its kin: a list of what is in the
// unit the operand names, in the state --state spells (all if it is empty).
template <auto kMethod, typename State>
int ListInState(Client* client, const std::string& unit) {
  RequestOf<kMethod> request;
  request.set_unit(unit);
  std::string error;
  request.set_state(ParseWord<State>(FLAGS_state, &error));
  if (!error.empty()) return UsageError(error);
  return client->List(kMethod, request);
}

}  // namespace jiamei::cli

#endif  // JIAMEI_CLIENTS_CLI_CLIENT_H_
