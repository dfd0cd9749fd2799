// jiamei: the command-line client. One command per RPC, readable output by
// default and --json for scripts; the exit status tells scripts what
// happened (see kUsageNotes).
//
//   jiamei account open --kind=household --display_name="王家"
//   jiamei transfer create --debit=1 --credit=2 --amount=10 --reason=AWARD
//   jiamei history 2
#include <termios.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/flags/flag.h"
#include "absl/flags/marshalling.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "clients/cli_output.h"
#include "clients/status_text.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "jiamei/v1/access.grpc.pb.h"
#include "jiamei/v1/audit.grpc.pb.h"
#include "jiamei/v1/ledger.grpc.pb.h"
#include "jiamei/v1/organization.grpc.pb.h"
#include "jiamei/v1/registry.grpc.pb.h"
#include "jiamei/v1/volunteers.grpc.pb.h"

// Global flags.
ABSL_FLAG(std::string, server, "",
          "server address; default $JIAMEI_SERVER, else 127.0.0.1:7070");
ABSL_FLAG(bool, json, false, "print answers as JSON, one object per line");
ABSL_FLAG(std::string, token, "",
          "bearer token from a log-in; default $JIAMEI_TOKEN");
ABSL_FLAG(absl::Duration, timeout, absl::ZeroDuration(),
          "deadline of each call; 0 means 10s, or 10m for audit");
// Flags of some commands; each command's synopsis in kCommands names those
// it takes, and giving it any other is a usage error.
ABSL_FLAG(std::string, request_id, "",
          "mutations: reuse to retry safely; default: a new random id");
ABSL_FLAG(std::string, kind, "", "issuance, household or supermarket");
ABSL_FLAG(std::string, display_name, "", "the new account's name");
ABSL_FLAG(std::string, unit, "", "the unit an account belongs to, units/N");
ABSL_FLAG(std::string, debit, "", "the account the points leave");
ABSL_FLAG(std::string, credit, "", "the account the points reach");
// A string, not an int64 flag, so that a bad amount is reported here, in
// the CLI's words.
ABSL_FLAG(std::string, amount, "", "points, at least 1");
ABSL_FLAG(std::string, reason, "", "reason code, e.g. AWARD");
ABSL_FLAG(std::string, memo, "", "free text");
ABSL_FLAG(int32_t, page_size, 0, "entries per page; 0: the server's default");
ABSL_FLAG(std::string, page_token, "", "continue a list from this token");
ABSL_FLAG(bool, all, false, "follow next_page_token to the end of the list");
// The register's flags.
ABSL_FLAG(std::string, code, "", "a unit's or care category's code");
ABSL_FLAG(std::string, level, "", "county, township or village");
ABSL_FLAG(std::string, parent, "", "the unit above, units/N");
ABSL_FLAG(std::string, village, "", "a village, units/N");
ABSL_FLAG(std::string, number, "", "household number, unique in its village");
ABSL_FLAG(std::string, address, "", "household address");
ABSL_FLAG(std::string, full_name, "", "a person's name");
ABSL_FLAG(std::string, phone, "", "a person's phone");
ABSL_FLAG(std::string, resident_id, "", "a person's resident ID number");
ABSL_FLAG(std::string, gender, "", "female or male");
ABSL_FLAG(int32_t, birth_year, 0, "a person's birth year");
ABSL_FLAG(std::string, care, "", "care category codes, comma-separated");
ABSL_FLAG(std::string, household, "", "a household, households/N");
ABSL_FLAG(std::string, join_date, "", "YYYY-MM-DD");
ABSL_FLAG(std::string, date, "", "YYYY-MM-DD");
ABSL_FLAG(std::string, skills, "", "skills, comma-separated");
ABSL_FLAG(std::string, status, "", "active or suspended");
ABSL_FLAG(std::string, leader, "", "a team's leader, volunteers/N");
ABSL_FLAG(std::string, volunteer, "", "a volunteer, volunteers/N");
ABSL_FLAG(std::string, login, "", "an operator's login");
ABSL_FLAG(std::string, role, "", "admin, auditor, desk, organizer or member");
ABSL_FLAG(std::string, scope, "", "the unit an operator acts in, units/N");
ABSL_FLAG(std::string, person, "", "a person, people/N");

namespace jiamei::cli {
namespace {

using grpc::health::v1::Health;
using v1::AccessService;
using v1::AuditService;
using v1::LedgerService;
using v1::OrganizationService;
using v1::RegistryService;
using v1::VolunteerService;

constexpr int kExitOk = 0;
constexpr int kExitRefused = 1;
constexpr int kExitUsage = 2;
constexpr int kExitAuditFound = 3;

constexpr char kUsageNotes[] = R"(
ACCOUNT is accounts/N or just N; TRANSFER is transfers/N or just N.
--server defaults to $JIAMEI_SERVER, else 127.0.0.1:7070. --timeout is the
deadline of each call (default 10s; 10m for audit). --json prints each
answer as one JSON object per line.

A mutation without --request_id gets a new random one, printed to stderr:
run it again with that --request_id to retry safely, e.g. after a timeout.

Exit status: 0 done; 1 refused by the server, server unreachable or not
serving; 2 usage error; 3 the audit found discrepancies.
)";

std::string UsageText();

// Lists every command; for `help`, no command and unknown commands.
int Help() {
  std::cerr << UsageText();
  return kExitUsage;
}

int UsageError(absl::string_view problem) {
  std::cerr << "jiamei: " << problem
            << "\n(`jiamei help` lists the commands and their flags)\n";
  return kExitUsage;
}

int Refused(const grpc::Status& status) {
  std::cerr << "error: " << clients::Describe(status) << "\n";
  return kExitRefused;
}

// What a successful answer means to a script: an audit may have found
// discrepancies, a health check may find the server not serving.
int ExitCode(const google::protobuf::Message& /*answer*/) { return kExitOk; }
int ExitCode(const v1::AuditReport& report) {
  return report.clean() ? kExitOk : kExitAuditFound;
}
int ExitCode(const grpc::health::v1::HealthCheckResponse& health) {
  return health.status() == grpc::health::v1::HealthCheckResponse::SERVING
             ? kExitOk
             : kExitRefused;
}

// Shows an answer as the flags ask; returns the exit code.
template <typename Answer>
int Show(const Answer& answer) {
  if (!absl::GetFlag(FLAGS_json)) {
    Print(answer);
    return ExitCode(answer);
  }
  std::string error;
  if (!PrintJson(answer, &error)) {
    // The call may have succeeded, but the script did not get its answer.
    std::cerr << "error: cannot print the answer as JSON: " << error << "\n";
    return kExitRefused;
  }
  return ExitCode(answer);
}

template <typename Stub, typename Request, typename Response>
using Method = grpc::Status (Stub::*)(grpc::ClientContext*, const Request&,
                                      Response*);

// The server's stubs, and the deadline every call gets.
// The bearer token every call carries: --token, else $JIAMEI_TOKEN.
std::string Token();

class Client {
 public:
  Client(const std::shared_ptr<grpc::Channel>& channel, absl::Duration timeout)
      : stubs_(LedgerService::NewStub(channel), AuditService::NewStub(channel),
               Health::NewStub(channel), AccessService::NewStub(channel),
               OrganizationService::NewStub(channel),
               RegistryService::NewStub(channel),
               VolunteerService::NewStub(channel)),
        timeout_(timeout) {}

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

 private:
  template <typename Stub, typename Request, typename Response>
  grpc::Status Send(Method<Stub, Request, Response> method,
                    const Request& request, Response* response) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
    if (!token_.empty()) {
      context.AddMetadata("authorization", "Bearer " + token_);
    }
    Stub* stub = std::get<std::unique_ptr<Stub>>(stubs_).get();
    return (stub->*method)(&context, request, response);
  }

  std::tuple<std::unique_ptr<LedgerService::Stub>,
             std::unique_ptr<AuditService::Stub>, std::unique_ptr<Health::Stub>,
             std::unique_ptr<AccessService::Stub>,
             std::unique_ptr<OrganizationService::Stub>,
             std::unique_ptr<RegistryService::Stub>,
             std::unique_ptr<VolunteerService::Stub>>
      stubs_;
  absl::Duration timeout_;
  std::string token_ = Token();
};

// "7" -> "accounts/7". Anything else goes to the server as it is, for the
// server to judge.
std::string Normalize(const std::string& name, absl::string_view collection) {
  const bool number = !name.empty() && absl::c_all_of(name, [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
  return number ? absl::StrCat(collection, "/", name) : name;
}

// 128 random bits in hex: no two terminals will pick the same id.
std::string NewRequestId() {
  std::random_device random;
  std::string id;
  for (int i = 0; i < 4; ++i) {
    absl::StrAppend(&id, absl::Hex(random(), absl::kZeroPad8));
  }
  return id;
}

// The request id of a mutation: --request_id or a new one, shown so that
// whoever is at the desk can retry with it when the answer does not come.
std::string RequestId() {
  std::string id = absl::GetFlag(FLAGS_request_id);
  if (id.empty()) {
    id = NewRequestId();
    std::cerr << "request_id: " << id
              << " (reuse it with --request_id to retry safely)\n";
  }
  return id;
}

// The commands, one per RPC. Each gets its operand (ACCOUNT or TRANSFER),
// or "" if it takes none, and returns the exit code.

int AccountOpen(Client* client, const std::string& /*operand*/) {
  const std::string kind_name = absl::GetFlag(FLAGS_kind);
  v1::AccountKind kind = v1::ACCOUNT_KIND_UNSPECIFIED;
  if (!v1::AccountKind_Parse(
          absl::StrCat("ACCOUNT_KIND_", absl::AsciiStrToUpper(kind_name)),
          &kind) ||
      kind == v1::ACCOUNT_KIND_UNSPECIFIED) {
    return UsageError(
        absl::StrCat("--kind must be issuance, household or supermarket, not '",
                     kind_name, "'"));
  }
  v1::CreateAccountRequest request;
  request.set_kind(kind);
  request.set_display_name(absl::GetFlag(FLAGS_display_name));
  request.set_unit(Normalize(absl::GetFlag(FLAGS_unit), "units"));
  request.set_request_id(RequestId());
  return client->Call(&LedgerService::Stub::CreateAccount, request);
}

int AccountGet(Client* client, const std::string& account) {
  v1::GetAccountRequest request;
  request.set_name(Normalize(account, "accounts"));
  return client->Call(&LedgerService::Stub::GetAccount, request);
}

int AccountList(Client* client, const std::string& /*operand*/) {
  v1::ListAccountsRequest request;
  request.set_unit(Normalize(absl::GetFlag(FLAGS_unit), "units"));
  return client->List(&LedgerService::Stub::ListAccounts, request);
}

int TransferCreate(Client* client, const std::string& /*operand*/) {
  const std::string amount_text = absl::GetFlag(FLAGS_amount);
  int64_t amount = 0;
  if (!absl::SimpleAtoi(amount_text, &amount)) {
    return UsageError(absl::StrCat(
        "--amount must be a whole number of points (at most ",
        std::numeric_limits<int64_t>::max(), "), not '", amount_text, "'"));
  }
  v1::CreateTransferRequest request;
  request.set_debit_account(Normalize(absl::GetFlag(FLAGS_debit), "accounts"));
  request.set_credit_account(
      Normalize(absl::GetFlag(FLAGS_credit), "accounts"));
  request.set_amount(amount);
  request.set_reason_code(absl::GetFlag(FLAGS_reason));
  request.set_memo(absl::GetFlag(FLAGS_memo));
  request.set_request_id(RequestId());
  return client->Call(&LedgerService::Stub::CreateTransfer, request);
}

int TransferGet(Client* client, const std::string& transfer) {
  v1::GetTransferRequest request;
  request.set_name(Normalize(transfer, "transfers"));
  return client->Call(&LedgerService::Stub::GetTransfer, request);
}

int TransferReverse(Client* client, const std::string& transfer) {
  v1::ReverseTransferRequest request;
  request.set_name(Normalize(transfer, "transfers"));
  request.set_memo(absl::GetFlag(FLAGS_memo));
  request.set_request_id(RequestId());
  return client->Call(&LedgerService::Stub::ReverseTransfer, request);
}

int History(Client* client, const std::string& account) {
  v1::ListAccountHistoryRequest request;
  request.set_account(Normalize(account, "accounts"));
  return client->List(&LedgerService::Stub::ListAccountHistory, request);
}

int Digest(Client* client, const std::string& sequence) {
  v1::GetDigestRequest request;
  uint64_t at = 0;
  if (!sequence.empty() && !absl::SimpleAtoi(sequence, &at)) {
    return UsageError("SEQUENCE must be a whole number");
  }
  request.set_at_sequence(at);
  return client->Call(&LedgerService::Stub::GetDigest, request);
}

int Audit(Client* client, const std::string& /*operand*/) {
  return client->Call(&AuditService::Stub::RunAudit, v1::RunAuditRequest());
}

int HealthCheck(Client* client, const std::string& /*operand*/) {
  // The default service "" is the whole server.
  return client->Call(&Health::Stub::Check,
                      grpc::health::v1::HealthCheckRequest());
}

// ---- The register and access --------------------------------------------

// A flag naming an enum value in lowercase ("village" for
// UNIT_LEVEL_VILLAGE); false, after a usage message, if it names none. An
// empty one leaves the value unspecified (the command table says which
// flags are required).
template <typename Enum>
bool ParseEnum(const std::string& flag, const std::string& value,
               absl::string_view prefix,
               bool (*parse)(const std::string&, Enum*), Enum* out) {
  if (value.empty()) return true;
  if (parse(absl::StrCat(prefix, absl::AsciiStrToUpper(value)), out) &&
      static_cast<int>(*out) != 0) {
    return true;
  }
  UsageError(absl::StrCat("--", flag, " does not take '", value, "'"));
  return false;
}

std::vector<std::string> CommaList(const std::string& text) {
  return absl::StrSplit(text, ',', absl::SkipEmpty());
}

// One line from standard input (a password), without echo on a terminal.
std::string ReadSecretLine(absl::string_view prompt) {
  const bool terminal = isatty(STDIN_FILENO);
  termios saved{};
  if (terminal) {
    std::cerr << prompt;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The person flags --<prefix>full_name, ... of a household head or a person.
bool FillPerson(const std::string& full_name, const std::string& phone,
                const std::string& resident_id, const std::string& gender,
                int32_t birth_year, v1::Person* person) {
  person->set_full_name(full_name);
  person->set_phone(phone);
  person->set_resident_id(resident_id);
  person->set_birth_year(birth_year);
  v1::Gender parsed = v1::GENDER_UNSPECIFIED;
  if (!ParseEnum("gender", gender, "GENDER_", &v1::Gender_Parse, &parsed)) {
    return false;
  }
  person->set_gender(parsed);
  return true;
}

int Login(Client* client, const std::string& login) {
  v1::LoginRequest request;
  request.set_login(login);
  request.set_password(ReadSecretLine("password: "));
  return client->Call(&AccessService::Stub::Login, request);
}

int Logout(Client* client, const std::string& /*operand*/) {
  return client->Call(&AccessService::Stub::Logout, v1::LogoutRequest());
}

int WhoAmI(Client* client, const std::string& /*operand*/) {
  return client->Call(&AccessService::Stub::WhoAmI, v1::WhoAmIRequest());
}

int ChangePassword(Client* client, const std::string& /*operand*/) {
  v1::ChangePasswordRequest request;
  request.set_old_password(ReadSecretLine("old password: "));
  request.set_new_password(ReadSecretLine("new password: "));
  return client->Call(&AccessService::Stub::ChangePassword, request);
}

int OperatorCreate(Client* client, const std::string& /*operand*/) {
  v1::CreateOperatorRequest request;
  v1::Operator* op = request.mutable_operator_();
  v1::Role role = v1::ROLE_UNSPECIFIED;
  if (!ParseEnum("role", absl::GetFlag(FLAGS_role), "ROLE_", &v1::Role_Parse,
                 &role)) {
    return kExitUsage;
  }
  op->set_role(role);
  op->set_login(absl::GetFlag(FLAGS_login));
  op->set_display_name(absl::GetFlag(FLAGS_display_name));
  op->set_scope(Normalize(absl::GetFlag(FLAGS_scope), "units"));
  op->set_person(Normalize(absl::GetFlag(FLAGS_person), "people"));
  request.set_password(ReadSecretLine("their first password: "));
  request.set_request_id(RequestId());
  return client->Call(&AccessService::Stub::CreateOperator, request);
}

int OperatorGet(Client* client, const std::string& name) {
  v1::GetOperatorRequest request;
  request.set_name(Normalize(name, "operators"));
  return client->Call(&AccessService::Stub::GetOperator, request);
}

int OperatorList(Client* client, const std::string& /*operand*/) {
  return client->List(&AccessService::Stub::ListOperators,
                      v1::ListOperatorsRequest());
}

int OperatorDisable(Client* client, const std::string& name) {
  v1::DisableOperatorRequest request;
  request.set_name(Normalize(name, "operators"));
  request.set_request_id(RequestId());
  return client->Call(&AccessService::Stub::DisableOperator, request);
}

int UnitCreate(Client* client, const std::string& /*operand*/) {
  v1::CreateUnitRequest request;
  v1::Unit* unit = request.mutable_unit();
  v1::UnitLevel level = v1::UNIT_LEVEL_UNSPECIFIED;
  if (!ParseEnum("level", absl::GetFlag(FLAGS_level), "UNIT_LEVEL_",
                 &v1::UnitLevel_Parse, &level)) {
    return kExitUsage;
  }
  unit->set_level(level);
  unit->set_code(absl::GetFlag(FLAGS_code));
  unit->set_display_name(absl::GetFlag(FLAGS_display_name));
  unit->set_parent(Normalize(absl::GetFlag(FLAGS_parent), "units"));
  request.set_request_id(RequestId());
  return client->Call(&OrganizationService::Stub::CreateUnit, request);
}

int UnitRename(Client* client, const std::string& name) {
  v1::RenameUnitRequest request;
  request.set_name(Normalize(name, "units"));
  request.set_display_name(absl::GetFlag(FLAGS_display_name));
  request.set_request_id(RequestId());
  return client->Call(&OrganizationService::Stub::RenameUnit, request);
}

int UnitGet(Client* client, const std::string& name) {
  v1::GetUnitRequest request;
  request.set_name(Normalize(name, "units"));
  return client->Call(&OrganizationService::Stub::GetUnit, request);
}

int UnitList(Client* client, const std::string& parent) {
  v1::ListUnitsRequest request;
  request.set_parent(Normalize(parent, "units"));
  return client->List(&OrganizationService::Stub::ListUnits, request);
}

int UnitWalk(Client* client, const std::string& root) {
  v1::WalkUnitsRequest request;
  request.set_root(Normalize(root, "units"));
  return client->List(&OrganizationService::Stub::WalkUnits, request);
}

int HouseholdCreate(Client* client, const std::string& /*operand*/) {
  v1::CreateHouseholdRequest request;
  v1::Household* household = request.mutable_household();
  household->set_village(Normalize(absl::GetFlag(FLAGS_village), "units"));
  household->set_number(absl::GetFlag(FLAGS_number));
  household->set_address(absl::GetFlag(FLAGS_address));
  for (const std::string& code : CommaList(absl::GetFlag(FLAGS_care))) {
    household->add_care_categories(code);
  }
  if (!FillPerson(absl::GetFlag(FLAGS_full_name), absl::GetFlag(FLAGS_phone),
                  absl::GetFlag(FLAGS_resident_id), absl::GetFlag(FLAGS_gender),
                  absl::GetFlag(FLAGS_birth_year), request.mutable_head())) {
    return kExitUsage;
  }
  request.set_request_id(RequestId());
  return client->Call(&RegistryService::Stub::CreateHousehold, request);
}

int HouseholdGet(Client* client, const std::string& name) {
  v1::GetHouseholdRequest request;
  request.set_name(Normalize(name, "households"));
  return client->Call(&RegistryService::Stub::GetHousehold, request);
}

int HouseholdList(Client* client, const std::string& village) {
  v1::ListHouseholdsRequest request;
  request.set_village(Normalize(village, "units"));
  return client->List(&RegistryService::Stub::ListHouseholds, request);
}

int HouseholdSearch(Client* client, const std::string& query) {
  v1::SearchHouseholdsRequest request;
  request.set_query(query);
  request.set_unit(Normalize(absl::GetFlag(FLAGS_unit), "units"));
  return client->List(&RegistryService::Stub::SearchHouseholds, request);
}

int HouseholdCare(Client* client, const std::string& name) {
  v1::SetHouseholdCareRequest request;
  request.set_name(Normalize(name, "households"));
  for (const std::string& code : CommaList(absl::GetFlag(FLAGS_care))) {
    request.add_care_categories(code);
  }
  request.set_request_id(RequestId());
  return client->Call(&RegistryService::Stub::SetHouseholdCare, request);
}

int PersonCreate(Client* client, const std::string& /*operand*/) {
  v1::CreatePersonRequest request;
  request.set_household(
      Normalize(absl::GetFlag(FLAGS_household), "households"));
  if (!FillPerson(absl::GetFlag(FLAGS_full_name), absl::GetFlag(FLAGS_phone),
                  absl::GetFlag(FLAGS_resident_id), absl::GetFlag(FLAGS_gender),
                  absl::GetFlag(FLAGS_birth_year), request.mutable_person())) {
    return kExitUsage;
  }
  request.set_request_id(RequestId());
  return client->Call(&RegistryService::Stub::CreatePerson, request);
}

int PersonGet(Client* client, const std::string& name) {
  v1::GetPersonRequest request;
  request.set_name(Normalize(name, "people"));
  return client->Call(&RegistryService::Stub::GetPerson, request);
}

int PersonMove(Client* client, const std::string& name) {
  v1::MovePersonRequest request;
  request.set_name(Normalize(name, "people"));
  request.set_household(
      Normalize(absl::GetFlag(FLAGS_household), "households"));
  request.set_request_id(RequestId());
  return client->Call(&RegistryService::Stub::MovePerson, request);
}

int CategoryCreate(Client* client, const std::string& /*operand*/) {
  v1::CreateCareCategoryRequest request;
  request.mutable_category()->set_code(absl::GetFlag(FLAGS_code));
  request.mutable_category()->set_display_name(
      absl::GetFlag(FLAGS_display_name));
  request.set_request_id(RequestId());
  return client->Call(&RegistryService::Stub::CreateCareCategory, request);
}

int CategoryList(Client* client, const std::string& /*operand*/) {
  return client->Call(&RegistryService::Stub::ListCareCategories,
                      v1::ListCareCategoriesRequest());
}

int VolunteerEnroll(Client* client, const std::string& person) {
  v1::EnrollVolunteerRequest request;
  request.set_person(Normalize(person, "people"));
  request.set_join_date(absl::GetFlag(FLAGS_join_date));
  for (const std::string& skill : CommaList(absl::GetFlag(FLAGS_skills))) {
    request.add_skills(skill);
  }
  request.set_request_id(RequestId());
  return client->Call(&VolunteerService::Stub::EnrollVolunteer, request);
}

int VolunteerGet(Client* client, const std::string& name) {
  v1::GetVolunteerRequest request;
  request.set_name(Normalize(name, "volunteers"));
  return client->Call(&VolunteerService::Stub::GetVolunteer, request);
}

int VolunteerStatus(Client* client, const std::string& name) {
  v1::SetVolunteerStatusRequest request;
  v1::VolunteerStatus status = v1::VOLUNTEER_STATUS_UNSPECIFIED;
  if (!ParseEnum("status", absl::GetFlag(FLAGS_status), "VOLUNTEER_STATUS_",
                 &v1::VolunteerStatus_Parse, &status)) {
    return kExitUsage;
  }
  request.set_name(Normalize(name, "volunteers"));
  request.set_status(status);
  request.set_reason(absl::GetFlag(FLAGS_reason));
  request.set_request_id(RequestId());
  return client->Call(&VolunteerService::Stub::SetVolunteerStatus, request);
}

int TeamCreate(Client* client, const std::string& /*operand*/) {
  v1::CreateTeamRequest request;
  request.mutable_team()->set_unit(
      Normalize(absl::GetFlag(FLAGS_unit), "units"));
  request.mutable_team()->set_display_name(absl::GetFlag(FLAGS_display_name));
  request.mutable_team()->set_leader(
      Normalize(absl::GetFlag(FLAGS_leader), "volunteers"));
  request.set_date(absl::GetFlag(FLAGS_date));
  request.set_request_id(RequestId());
  return client->Call(&VolunteerService::Stub::CreateTeam, request);
}

int TeamGet(Client* client, const std::string& name) {
  v1::GetTeamRequest request;
  request.set_name(Normalize(name, "teams"));
  return client->Call(&VolunteerService::Stub::GetTeam, request);
}

int TeamList(Client* client, const std::string& unit) {
  v1::ListTeamsRequest request;
  request.set_unit(Normalize(unit, "units"));
  return client->List(&VolunteerService::Stub::ListTeams, request);
}

// Joining and leaving take the same request.
template <int (*kChange)(Client*, const v1::ChangeTeamMembershipRequest&)>
int TeamMembership(Client* client, const std::string& team) {
  v1::ChangeTeamMembershipRequest request;
  request.set_team(Normalize(team, "teams"));
  request.set_volunteer(
      Normalize(absl::GetFlag(FLAGS_volunteer), "volunteers"));
  request.set_date(absl::GetFlag(FLAGS_date));
  request.set_request_id(RequestId());
  return kChange(client, request);
}

int Join(Client* client, const v1::ChangeTeamMembershipRequest& request) {
  return client->Call(&VolunteerService::Stub::JoinTeam, request);
}

int Leave(Client* client, const v1::ChangeTeamMembershipRequest& request) {
  return client->Call(&VolunteerService::Stub::LeaveTeam, request);
}

struct Command {
  absl::string_view noun;
  absl::string_view verb;  // "" for one-word commands
  // "ACCOUNT", "TRANSFER", "" for none, or "[SEQUENCE]" for an optional one.
  absl::string_view operand;
  // The command's flags as the usage shows them. They are also the rule:
  // the ones in [brackets] are optional, the others required, and no other
  // command flag is allowed.
  absl::string_view flags;
  absl::Duration default_timeout;
  int (*run)(Client* client, const std::string& operand);
};

constexpr absl::Duration kCallTimeout = absl::Seconds(10);
// An audit reads the whole ledger.
constexpr absl::Duration kAuditTimeout = absl::Minutes(10);
constexpr absl::string_view kPagingFlags =
    "[--page_size=N] [--page_token=T] [--all]";

constexpr Command kCommands[] = {
    {"login", "", "LOGIN", "", kCallTimeout, Login},
    {"logout", "", "", "", kCallTimeout, Logout},
    {"whoami", "", "", "", kCallTimeout, WhoAmI},
    {"password", "", "", "", kCallTimeout, ChangePassword},
    {"operator", "create", "",
     "--login=L --display_name=NAME "
     "--role=admin|auditor|desk_operator|organizer|member [--scope=UNIT] "
     "[--person=PERSON] [--request_id=ID]",
     kCallTimeout, OperatorCreate},
    {"operator", "get", "OPERATOR", "", kCallTimeout, OperatorGet},
    {"operator", "list", "", kPagingFlags, kCallTimeout, OperatorList},
    {"operator", "disable", "OPERATOR", "[--request_id=ID]", kCallTimeout,
     OperatorDisable},
    {"unit", "create", "",
     "--code=C --display_name=NAME --level=county|township|village "
     "[--parent=UNIT] [--request_id=ID]",
     kCallTimeout, UnitCreate},
    {"unit", "rename", "UNIT", "--display_name=NAME [--request_id=ID]",
     kCallTimeout, UnitRename},
    {"unit", "get", "UNIT", "", kCallTimeout, UnitGet},
    {"unit", "list", "[PARENT]", kPagingFlags, kCallTimeout, UnitList},
    {"unit", "walk", "ROOT", kPagingFlags, kCallTimeout, UnitWalk},
    {"household", "create", "",
     "--village=UNIT --number=N --address=A --full_name=HEAD [--phone=P] "
     "[--resident_id=ID] [--gender=female|male] [--birth_year=Y] "
     "[--care=CODES] [--request_id=ID]",
     kCallTimeout, HouseholdCreate},
    {"household", "get", "HOUSEHOLD", "", kCallTimeout, HouseholdGet},
    {"household", "list", "VILLAGE", kPagingFlags, kCallTimeout, HouseholdList},
    {"household", "search", "QUERY",
     "[--unit=UNIT] [--page_size=N] [--page_token=T] [--all]", kCallTimeout,
     HouseholdSearch},
    {"household", "care", "HOUSEHOLD", "[--care=CODES] [--request_id=ID]",
     kCallTimeout, HouseholdCare},
    {"person", "create", "",
     "--household=HOUSEHOLD --full_name=NAME [--phone=P] [--resident_id=ID] "
     "[--gender=female|male] [--birth_year=Y] [--request_id=ID]",
     kCallTimeout, PersonCreate},
    {"person", "get", "PERSON", "", kCallTimeout, PersonGet},
    {"person", "move", "PERSON", "--household=HOUSEHOLD [--request_id=ID]",
     kCallTimeout, PersonMove},
    {"category", "create", "", "--code=C --display_name=NAME [--request_id=ID]",
     kCallTimeout, CategoryCreate},
    {"category", "list", "", "", kCallTimeout, CategoryList},
    {"volunteer", "enroll", "PERSON",
     "--join_date=D [--skills=A,B] [--request_id=ID]", kCallTimeout,
     VolunteerEnroll},
    {"volunteer", "get", "VOLUNTEER", "", kCallTimeout, VolunteerGet},
    {"volunteer", "status", "VOLUNTEER",
     "--status=active|suspended --reason=TEXT [--request_id=ID]", kCallTimeout,
     VolunteerStatus},
    {"team", "create", "",
     "--unit=UNIT --display_name=NAME --leader=VOLUNTEER --date=D "
     "[--request_id=ID]",
     kCallTimeout, TeamCreate},
    {"team", "get", "TEAM", "", kCallTimeout, TeamGet},
    {"team", "list", "UNIT", kPagingFlags, kCallTimeout, TeamList},
    {"team", "join", "TEAM", "--volunteer=V --date=D [--request_id=ID]",
     kCallTimeout, TeamMembership<Join>},
    {"team", "leave", "TEAM", "--volunteer=V --date=D [--request_id=ID]",
     kCallTimeout, TeamMembership<Leave>},
    {"account", "open", "",
     "--kind=supermarket --display_name=NAME --unit=UNIT [--request_id=ID]",
     kCallTimeout, AccountOpen},
    {"account", "get", "ACCOUNT", "", kCallTimeout, AccountGet},
    {"account", "list", "",
     "[--unit=UNIT] [--page_size=N] [--page_token=T] [--all]", kCallTimeout,
     AccountList},
    {"transfer", "create", "",
     "--debit=ACCOUNT --credit=ACCOUNT --amount=N --reason=CODE [--memo=TEXT] "
     "[--request_id=ID]",
     kCallTimeout, TransferCreate},
    {"transfer", "get", "TRANSFER", "", kCallTimeout, TransferGet},
    {"transfer", "reverse", "TRANSFER", "[--memo=TEXT] [--request_id=ID]",
     kCallTimeout, TransferReverse},
    {"history", "", "ACCOUNT", kPagingFlags, kCallTimeout, History},
    {"digest", "", "[SEQUENCE]", "", kCallTimeout, Digest},
    {"audit", "", "", "", kAuditTimeout, Audit},
    {"health", "", "", "", kCallTimeout, HealthCheck},
};

std::string Synopsis(const Command& command) {
  std::vector<absl::string_view> parts;
  for (absl::string_view part :
       {command.noun, command.verb, command.operand, command.flags}) {
    if (!part.empty()) parts.push_back(part);
  }
  return absl::StrJoin(parts, " ");
}

std::string UsageText() {
  std::string text =
      "usage: jiamei [--server=HOST:PORT] [--json] [--timeout=DURATION] "
      "COMMAND ...\n\ncommands:\n";
  for (const Command& command : kCommands) {
    absl::StrAppend(&text, "  ", Synopsis(command), "\n");
  }
  return absl::StrCat(text, kUsageNotes);
}

// How many words of `args` name `command`, or 0 if they name another.
size_t Match(const Command& command, const std::vector<std::string>& args) {
  if (args.empty() || args[0] != command.noun) return 0;
  if (command.verb.empty()) return 1;
  return args.size() > 1 && args[1] == command.verb ? 2 : 0;
}

struct FlagUse {
  absl::string_view name;
  bool required;
};

// The flags in a command's synopsis: "[--memo=TEXT]" is an optional "memo".
std::vector<FlagUse> FlagsOf(const Command& command) {
  std::vector<FlagUse> flags;
  for (absl::string_view word :
       absl::StrSplit(command.flags, ' ', absl::SkipEmpty())) {
    const bool optional = absl::ConsumePrefix(&word, "[");
    absl::ConsumePrefix(&word, "--");
    flags.push_back({word.substr(0, word.find_first_of("=]")), !optional});
  }
  return flags;
}

bool FlagIsEmpty(absl::string_view name) {
  const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
  return flag == nullptr || flag->CurrentValue().empty();
}

bool FlagIsSet(absl::string_view name) {
  const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
  return flag != nullptr && flag->CurrentValue() != flag->DefaultValue();
}

// Why the command-specific flags given do not suit `command`, or "".
// Refusing flags that do not apply keeps a mistaken command from doing
// something else than was meant: `transfer reverse 9 --amount=3` reverses
// all of transfer 9, not 3 points of it.
std::string FlagMisuse(const Command& command) {
  const std::vector<FlagUse> own = FlagsOf(command);
  for (const FlagUse& flag : own) {
    if (flag.required && FlagIsEmpty(flag.name)) {
      return absl::StrCat("--", flag.name, " is required");
    }
  }
  for (const Command& other : kCommands) {
    for (const FlagUse& flag : FlagsOf(other)) {
      const bool allowed = absl::c_any_of(
          own, [&](const FlagUse& mine) { return mine.name == flag.name; });
      if (!allowed && FlagIsSet(flag.name)) {
        return absl::StrCat("--", flag.name, " does not apply to this command");
      }
    }
  }
  return "";
}

// Why `command` cannot run with `operands` and the flags given, or "".
std::string Misuse(const Command& command,
                   const std::vector<std::string>& operands) {
  const bool optional = absl::StartsWith(command.operand, "[");
  const size_t wanted = command.operand.empty() ? 0 : 1;
  if (operands.size() < wanted && !optional) {
    return absl::StrCat("missing ", command.operand);
  }
  if (operands.size() > wanted) {
    return absl::StrCat("unexpected argument '", operands[wanted], "'");
  }
  if (absl::GetFlag(FLAGS_timeout) < absl::ZeroDuration()) {
    return "--timeout must not be negative";
  }
  return FlagMisuse(command);
}

std::string Token() {
  const std::string token = absl::GetFlag(FLAGS_token);
  if (!token.empty()) return token;
  const char* env = std::getenv("JIAMEI_TOKEN");
  return env != nullptr ? env : "";
}

std::string ServerAddress() {
  const std::string server = absl::GetFlag(FLAGS_server);
  if (!server.empty()) return server;
  const char* env = std::getenv("JIAMEI_SERVER");
  return env != nullptr && *env != '\0' ? env : "127.0.0.1:7070";
}

// Runs the command `args` (the positional arguments) name.
int Run(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "help") return Help();
  for (const Command& command : kCommands) {
    const size_t words = Match(command, args);
    if (words == 0) continue;
    const std::vector<std::string> operands(args.begin() + words, args.end());
    if (std::string misuse = Misuse(command, operands); !misuse.empty()) {
      return UsageError(
          absl::StrCat(misuse, "\nusage: jiamei ", Synopsis(command)));
    }
    absl::Duration timeout = absl::GetFlag(FLAGS_timeout);
    if (timeout == absl::ZeroDuration()) timeout = command.default_timeout;
    Client client(grpc::CreateChannel(ServerAddress(),
                                      grpc::InsecureChannelCredentials()),
                  timeout);
    return command.run(&client, operands.empty() ? "" : operands[0]);
  }
  std::cerr << "jiamei: unknown command: " << absl::StrJoin(args, " ")
            << "\n\n";
  return Help();
}

// Whether `value` parses as `flag`'s type, if that type is T.
template <typename T>
bool ParsesIfOfType(const absl::CommandLineFlag& flag, absl::string_view value,
                    std::string* why) {
  T parsed{};
  return !flag.IsOfType<T>() || absl::ParseFlag(value, &parsed, why);
}

// Why `value` is not a value of `flag`, or "". Only the types of this
// program's flags need checking; strings take anything.
std::string ValueError(const absl::CommandLineFlag& flag,
                       absl::string_view value) {
  std::string why;
  if (ParsesIfOfType<bool>(flag, value, &why) &&
      ParsesIfOfType<int32_t>(flag, value, &why) &&
      ParsesIfOfType<absl::Duration>(flag, value, &why)) {
    return "";
  }
  return absl::StrCat("bad value '", value, "' for --", flag.Name(),
                      why.empty() ? "" : ": ", why);
}

// "--name=value" or "-name=value" -> "name=value".
absl::string_view WithoutDashes(absl::string_view arg) {
  absl::ConsumePrefix(&arg, "-");
  absl::ConsumePrefix(&arg, "-");
  return arg;
}

// Why absl::ParseCommandLine would refuse the flag in argv[*i], or "". The
// value of "--name value" is the next argument, so *i moves past it.
std::string FlagError(int argc, char** argv, int* i) {
  const absl::string_view arg = WithoutDashes(argv[*i]);
  const size_t equals = arg.find('=');
  const absl::string_view name = arg.substr(0, equals);
  std::optional<absl::string_view> value;
  if (equals != absl::string_view::npos) value = arg.substr(equals + 1);
  const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
  if (flag == nullptr) {
    // Perhaps "--noall", a boolean flag's negative form, which has no value.
    absl::string_view positive = name;
    const absl::CommandLineFlag* negated =
        absl::ConsumePrefix(&positive, "no")
            ? absl::FindCommandLineFlag(positive)
            : nullptr;
    const bool ok = negated != nullptr && negated->IsOfType<bool>() && !value;
    return ok ? "" : absl::StrCat("unknown flag --", name);
  }
  if (!value.has_value()) {
    if (flag->IsOfType<bool>()) return "";  // "--json" means true
    if (*i + 1 == argc) return absl::StrCat("--", name, " needs a value");
    value = argv[++*i];
  }
  return ValueError(*flag, *value);
}

// absl::ParseCommandLine exits with status 1 on a flag it does not know or
// cannot parse, but 1 means "refused by the server" here. So the flags are
// checked first, as absl reads them, and such mistakes are usage errors.
// Returns the exit code if the program is to stop.
std::optional<int> CheckFlags(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (arg == "--") break;                         // the rest is positional
    if (arg.size() < 2 || arg[0] != '-') continue;  // positional
    // absl's --help and its kin would exit 1 after printing only the flags.
    if (absl::StartsWith(WithoutDashes(arg), "help")) return Help();
    if (std::string error = FlagError(argc, argv, &i); !error.empty()) {
      return UsageError(error);
    }
  }
  return std::nullopt;
}

}  // namespace
}  // namespace jiamei::cli

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(jiamei::cli::UsageText());
  if (std::optional<int> exit_code = jiamei::cli::CheckFlags(argc, argv)) {
    return *exit_code;
  }
  const std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  return jiamei::cli::Run(
      std::vector<std::string>(positional.begin() + 1, positional.end()));
}
