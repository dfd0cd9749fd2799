// jiamei: the command-line client. One subcommand per RPC, readable output
// by default and --json for scripts.
//
//   jiamei account open --kind=household --display_name="王家"
//   jiamei transfer create --debit=accounts/1 --credit=accounts/2 --amount=10
//   --reason=AWARD jiamei history accounts/2
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "clients/status_text.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "jiamei/v1/audit.grpc.pb.h"
#include "jiamei/v1/ledger.grpc.pb.h"

ABSL_FLAG(std::string, server, "",
          "server address; default $JIAMEI_SERVER, else 127.0.0.1:7070");
ABSL_FLAG(bool, json, false, "print responses as JSON, one object per line");
ABSL_FLAG(absl::Duration, timeout, absl::ZeroDuration(),
          "deadline of the call (default 10s; 10m for audit)");
ABSL_FLAG(std::string, request_id, "",
          "for mutations: reuse to retry safely; default: a new random id");
ABSL_FLAG(std::string, kind, "",
          "account open: issuance|household|supermarket");
ABSL_FLAG(std::string, display_name, "", "account open: the account's name");
ABSL_FLAG(std::string, debit, "", "transfer create: account the points leave");
ABSL_FLAG(std::string, credit, "", "transfer create: account the points reach");
ABSL_FLAG(std::string, amount, "", "transfer create: points, at least 1");
ABSL_FLAG(std::string, reason, "", "transfer create: reason code, e.g. AWARD");
ABSL_FLAG(std::string, memo, "", "transfer create/reverse: free text");
ABSL_FLAG(int32_t, page_size, 0, "lists: entries per page (0: server default)");
ABSL_FLAG(std::string, page_token, "", "lists: continue from this token");
ABSL_FLAG(bool, all, false, "lists: follow next_page_token to the end");

namespace {

using jiamei::v1::AuditService;
using jiamei::v1::LedgerService;

constexpr int kExitOk = 0;
constexpr int kExitRefused = 1;
constexpr int kExitUsage = 2;
constexpr int kExitAuditFound = 3;

constexpr char kUsage[] =
    R"(usage: jiamei [--server=HOST:PORT] [--json] COMMAND ...

  account open --kind=issuance|household|supermarket --display_name=NAME
  account get ACCOUNT                      ACCOUNT is accounts/N or N
  account list [--page_size=N --page_token=T --all]
  transfer create --debit=ACCOUNT --credit=ACCOUNT --amount=N --reason=CODE [--memo=TEXT]
  transfer get TRANSFER                    TRANSFER is transfers/N or N
  transfer reverse TRANSFER [--memo=TEXT]
  history ACCOUNT [--page_size=N --page_token=T --all]
  digest [SEQUENCE]                        the head, or the hash after entry SEQUENCE
  audit
  health

Mutations take --request_id; without one a random id is made and printed,
so that a retry with the same id is safe. Exit codes: 0 done, 1 refused by
the server, 2 usage error, 3 audit found discrepancies.
)";

int Usage(absl::string_view message) {
  std::cerr << "jiamei: " << message << "\n\n" << kUsage;
  return kExitUsage;
}

// "7" -> "accounts/7"; anything else goes to the server to judge.
std::string Normalize(const std::string& name, const std::string& collection) {
  if (!name.empty() &&
      std::all_of(name.begin(), name.end(), absl::ascii_isdigit)) {
    return absl::StrCat(collection, "/", name);
  }
  return name;
}

std::string RandomRequestId() {
  unsigned char bytes[16];
  int fd = open("/dev/urandom", O_RDONLY);
  bool ok = fd >= 0 && read(fd, bytes, sizeof bytes) == sizeof bytes;
  if (fd >= 0) close(fd);
  if (!ok) return absl::StrCat("cli-", getpid(), "-", time(nullptr));
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<char*>(bytes), sizeof bytes));
}

std::string RequestId() {
  std::string id = absl::GetFlag(FLAGS_request_id);
  if (id.empty()) {
    id = RandomRequestId();
    std::cerr << "request_id: " << id
              << " (reuse it with --request_id to retry safely)\n";
  }
  return id;
}

int Refused(const grpc::Status& status) {
  std::cerr << "error: " << jiamei::clients::Describe(status) << "\n";
  return kExitRefused;
}

std::string Time(const google::protobuf::Timestamp& t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S",
                          absl::FromUnixSeconds(t.seconds()),
                          absl::LocalTimeZone());
}

std::string KindName(jiamei::v1::AccountKind kind) {
  std::string name = jiamei::v1::AccountKind_Name(kind);
  absl::string_view short_name(name);
  absl::ConsumePrefix(&short_name, "ACCOUNT_KIND_");
  return absl::AsciiStrToLower(short_name);
}

// Readable output, one overload per response type.
void Print(const jiamei::v1::Account& a) {
  std::cout << absl::StrFormat(
      "name:          %s\nkind:          %s\ndisplay_name:  %s\n"
      "balance:       %d\ncreated:       %s\nlast_sequence: %d\n",
      a.name(), KindName(a.kind()), a.display_name(), a.balance(),
      Time(a.create_time()), a.last_sequence());
}

void Print(const jiamei::v1::Transfer& t) {
  std::cout << absl::StrFormat(
      "name:       %s\nmoves:      %d points %s -> %s\nreason:     %s\n"
      "memo:       %s\ntime:       %s\nrequest_id: %s\n",
      t.name(), t.amount(), t.debit_account(), t.credit_account(),
      t.reason_code(), t.memo(), Time(t.create_time()), t.request_id());
  if (!t.reverses().empty())
    std::cout << "reverses:   " << t.reverses() << "\n";
  if (!t.reversed_by().empty()) {
    std::cout << "reversed_by: " << t.reversed_by() << "\n";
  }
  std::cout << "hash:       " << t.entry_hash() << "\n";
}

void Print(const jiamei::v1::ListAccountsResponse& r) {
  std::cout << absl::StrFormat("%-14s %-12s %12s  %s\n", "ACCOUNT", "KIND",
                               "BALANCE", "NAME");
  for (const auto& a : r.accounts()) {
    std::cout << absl::StrFormat("%-14s %-12s %12d  %s\n", a.name(),
                                 KindName(a.kind()), a.balance(),
                                 a.display_name());
  }
}

void Print(const jiamei::v1::ListAccountHistoryResponse& r) {
  std::cout << absl::StrFormat("%-16s %-19s %10s %10s  %-18s %-14s %s\n",
                               "TRANSFER", "TIME", "CHANGE", "BALANCE",
                               "REASON", "OTHER ACCOUNT", "MEMO");
  for (const auto& line : r.lines()) {
    const auto& t = line.transfer();
    const std::string& other =
        line.change() < 0 ? t.credit_account() : t.debit_account();
    std::cout << absl::StrFormat("%-16s %-19s %+10d %10d  %-18s %-14s %s\n",
                                 t.name(), Time(t.create_time()), line.change(),
                                 line.balance_after(), t.reason_code(), other,
                                 t.memo());
  }
}

void Print(const jiamei::v1::Digest& d) {
  std::cout << "last_sequence: " << d.last_sequence()
            << "\nhead_hash:     " << d.head_hash() << "\n";
}

void Print(const jiamei::v1::AuditReport& r) {
  std::cout << (r.clean() ? "audit CLEAN"
                          : absl::StrCat("audit FOUND ", r.discrepancy_count(),
                                         " DISCREPANCIES"))
            << absl::StrFormat(
                   "\nentries %d, accounts %d, transfers %d, history records "
                   "%d, idempotency records %d\nlast_sequence %d, head_hash "
                   "%s, balance sum %d, took %.3f s\n",
                   r.entries_checked(), r.accounts_checked(),
                   r.transfers_checked(), r.history_records_checked(),
                   r.idempotency_records_checked(), r.last_sequence(),
                   r.head_hash(), r.balance_sum(), r.duration_micros() / 1e6);
  for (const auto& d : r.discrepancies()) {
    std::cout << absl::StrFormat("%s %s expected=%s found=%s\n", d.kind(),
                                 d.record(), d.expected(), d.found());
  }
}

void Print(const grpc::health::v1::HealthCheckResponse& r) {
  std::cout << grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
                   r.status())
            << "\n";
}

template <typename Message>
void Output(const Message& message) {
  if (!absl::GetFlag(FLAGS_json)) return Print(message);
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  std::cout << json << "\n";
}

// Everything a command needs: the stubs and the call deadline.
class Client {
 public:
  Client(const std::shared_ptr<grpc::Channel>& channel, absl::Duration timeout)
      : ledger_(LedgerService::NewStub(channel)),
        audit_(AuditService::NewStub(channel)),
        health_(grpc::health::v1::Health::NewStub(channel)),
        timeout_(timeout) {}

  // Makes one call and prints its answer; returns the exit code.
  template <typename Stub, typename Request, typename Response>
  int Call(Stub* stub,
           grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                        Response*),
           const Request& request, Response* response) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
    grpc::Status status = (stub->*method)(&context, request, response);
    if (!status.ok()) return Refused(status);
    Output(*response);
    return kExitOk;
  }

  // Lists page by page; with --all, until there is no next page.
  template <typename Request, typename Response>
  int List(grpc::Status (LedgerService::Stub::*method)(grpc::ClientContext*,
                                                       const Request&,
                                                       Response*),
           Request request) {
    request.set_page_size(absl::GetFlag(FLAGS_page_size));
    request.set_page_token(absl::GetFlag(FLAGS_page_token));
    while (true) {
      Response response;
      if (int code = Call(ledger(), method, request, &response);
          code != kExitOk) {
        return code;
      }
      if (response.next_page_token().empty()) return kExitOk;
      if (!absl::GetFlag(FLAGS_all)) {
        if (!absl::GetFlag(FLAGS_json)) {
          std::cout << "next_page_token: " << response.next_page_token()
                    << "\n";
        }
        return kExitOk;
      }
      request.set_page_token(response.next_page_token());
    }
  }

  LedgerService::Stub* ledger() { return ledger_.get(); }
  AuditService::Stub* audit() { return audit_.get(); }
  grpc::health::v1::Health::Stub* health() { return health_.get(); }

 private:
  std::unique_ptr<LedgerService::Stub> ledger_;
  std::unique_ptr<AuditService::Stub> audit_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
  absl::Duration timeout_;
};

// The i-th positional argument, or "" when there is none.
std::string ArgAt(const std::vector<std::string>& args, size_t i) {
  return i < args.size() ? args[i] : "";
}

int AccountOpen(Client* c) {
  static const std::map<std::string, jiamei::v1::AccountKind> kKinds = {
      {"issuance", jiamei::v1::ACCOUNT_KIND_ISSUANCE},
      {"household", jiamei::v1::ACCOUNT_KIND_HOUSEHOLD},
      {"supermarket", jiamei::v1::ACCOUNT_KIND_SUPERMARKET}};
  auto kind = kKinds.find(absl::GetFlag(FLAGS_kind));
  if (kind == kKinds.end()) {
    return Usage("--kind must be issuance, household or supermarket");
  }
  if (absl::GetFlag(FLAGS_display_name).empty()) {
    return Usage("--display_name is required");
  }
  jiamei::v1::CreateAccountRequest request;
  request.set_kind(kind->second);
  request.set_display_name(absl::GetFlag(FLAGS_display_name));
  request.set_request_id(RequestId());
  jiamei::v1::Account response;
  return c->Call(c->ledger(), &LedgerService::Stub::CreateAccount, request,
                 &response);
}

int TransferCreate(Client* c) {
  if (absl::GetFlag(FLAGS_debit).empty() ||
      absl::GetFlag(FLAGS_credit).empty() ||
      absl::GetFlag(FLAGS_reason).empty()) {
    return Usage("--debit, --credit, --amount and --reason are required");
  }
  int64_t amount = 0;
  if (!absl::SimpleAtoi(absl::GetFlag(FLAGS_amount), &amount)) {
    return Usage("--amount must be a whole number within int64");
  }
  jiamei::v1::CreateTransferRequest request;
  request.set_debit_account(Normalize(absl::GetFlag(FLAGS_debit), "accounts"));
  request.set_credit_account(
      Normalize(absl::GetFlag(FLAGS_credit), "accounts"));
  request.set_amount(amount);
  request.set_reason_code(absl::GetFlag(FLAGS_reason));
  request.set_memo(absl::GetFlag(FLAGS_memo));
  request.set_request_id(RequestId());
  jiamei::v1::Transfer response;
  return c->Call(c->ledger(), &LedgerService::Stub::CreateTransfer, request,
                 &response);
}

int Run(Client* c, const std::vector<std::string>& args) {
  const std::string command = ArgAt(args, 0);
  if (command == "account" || command == "transfer") {
    const std::string verb = ArgAt(args, 1);
    if (command == "account" && verb == "open") return AccountOpen(c);
    if (command == "account" && verb == "get") {
      jiamei::v1::GetAccountRequest request;
      request.set_name(Normalize(ArgAt(args, 2), "accounts"));
      jiamei::v1::Account response;
      return c->Call(c->ledger(), &LedgerService::Stub::GetAccount, request,
                     &response);
    }
    if (command == "account" && verb == "list") {
      return c->List(&LedgerService::Stub::ListAccounts,
                     jiamei::v1::ListAccountsRequest());
    }
    if (command == "transfer" && verb == "create") return TransferCreate(c);
    if (command == "transfer" && verb == "get") {
      jiamei::v1::GetTransferRequest request;
      request.set_name(Normalize(ArgAt(args, 2), "transfers"));
      jiamei::v1::Transfer response;
      return c->Call(c->ledger(), &LedgerService::Stub::GetTransfer, request,
                     &response);
    }
    if (command == "transfer" && verb == "reverse") {
      jiamei::v1::ReverseTransferRequest request;
      request.set_name(Normalize(ArgAt(args, 2), "transfers"));
      request.set_memo(absl::GetFlag(FLAGS_memo));
      request.set_request_id(RequestId());
      jiamei::v1::Transfer response;
      return c->Call(c->ledger(), &LedgerService::Stub::ReverseTransfer,
                     request, &response);
    }
    return Usage(absl::StrCat("unknown command: ", command, " ", verb));
  }
  if (command == "history") {
    jiamei::v1::ListAccountHistoryRequest request;
    request.set_account(Normalize(ArgAt(args, 1), "accounts"));
    return c->List(&LedgerService::Stub::ListAccountHistory, request);
  }
  if (command == "digest") {
    uint64_t at = 0;
    if (!ArgAt(args, 1).empty() && !absl::SimpleAtoi(ArgAt(args, 1), &at)) {
      return Usage("digest takes an optional sequence number");
    }
    jiamei::v1::GetDigestRequest request;
    request.set_at_sequence(at);
    jiamei::v1::Digest response;
    return c->Call(c->ledger(), &LedgerService::Stub::GetDigest, request,
                   &response);
  }
  if (command == "audit") {
    jiamei::v1::AuditReport report;
    int code = c->Call(c->audit(), &AuditService::Stub::RunAudit,
                       jiamei::v1::RunAuditRequest(), &report);
    return code == kExitOk && !report.clean() ? kExitAuditFound : code;
  }
  if (command == "health") {
    grpc::health::v1::HealthCheckResponse response;
    return c->Call(c->health(), &grpc::health::v1::Health::Stub::Check,
                   grpc::health::v1::HealthCheckRequest(), &response);
  }
  return Usage(absl::StrCat("unknown command: ", command));
}

std::string ServerAddress() {
  std::string server = absl::GetFlag(FLAGS_server);
  if (!server.empty()) return server;
  const char* env = std::getenv("JIAMEI_SERVER");
  return env != nullptr && *env != '\0' ? env : "127.0.0.1:7070";
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  std::vector<char*> raw = absl::ParseCommandLine(argc, argv);
  std::vector<std::string> args(raw.begin() + 1, raw.end());
  if (args.empty() || args[0] == "help") {
    std::cerr << kUsage;
    return kExitUsage;
  }
  absl::Duration timeout = absl::GetFlag(FLAGS_timeout);
  if (timeout <= absl::ZeroDuration()) {
    timeout = args[0] == "audit" ? absl::Minutes(10) : absl::Seconds(10);
  }
  Client client(
      grpc::CreateChannel(ServerAddress(), grpc::InsecureChannelCredentials()),
      timeout);
  return Run(&client, args);
}
