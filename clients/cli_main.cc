// jiamei: the command-line client. One command per RPC, readable output by
// default and --json for scripts; the exit status tells scripts what
// happened (see kUsageNotes).
//
//   jiamei login admin              (the password on standard input)
//   jiamei household create --village=3 --number=0012 --address=东村3组12号
//       --head_name=王秀英
//   jiamei transfer create --debit=3 --credit=4 --amount=10 --reason=AWARD
//   jiamei history 4
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/flags/flag.h"
#include "absl/flags/marshalling.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "clients/backup_client.h"
#include "clients/cli_output.h"
#include "clients/status_text.h"
#include "clients/tls_flags.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "jiamei/v1/access.grpc.pb.h"
#include "jiamei/v1/activities.grpc.pb.h"
#include "jiamei/v1/audit.grpc.pb.h"
#include "jiamei/v1/backup.grpc.pb.h"
#include "jiamei/v1/cards.grpc.pb.h"
#include "jiamei/v1/ledger.grpc.pb.h"
#include "jiamei/v1/organization.grpc.pb.h"
#include "jiamei/v1/policy.grpc.pb.h"
#include "jiamei/v1/registry.grpc.pb.h"
#include "jiamei/v1/supermarket.grpc.pb.h"
#include "jiamei/v1/volunteers.grpc.pb.h"
#include "storage/core/china_time.h"

// Global flags.
ABSL_FLAG(std::string, server, "",
          "server address; default $JIAMEI_SERVER, else 127.0.0.1:7070");
ABSL_FLAG(bool, json, false, "print answers as JSON, one object per line");
ABSL_FLAG(std::string, token, "",
          "bearer token from a log-in; default $JIAMEI_TOKEN, else the token "
          "file");
ABSL_FLAG(absl::Duration, timeout, absl::ZeroDuration(),
          "deadline of each call; 0 means 10s, or 10m for audit, 1h for "
          "backup");
// Flags of some commands; each command's synopsis in kCommands names those
// it takes, and giving it any other is a usage error.
ABSL_FLAG(std::string, request_id, "",
          "mutations: reuse to retry safely; default: a new random id");
ABSL_FLAG(std::string, kind, "",
          "an account's kind (supermarket), or a stock movement's (donation, "
          "purchase, loss, damage or correction)");
ABSL_FLAG(std::string, display_name, "", "the name to show");
ABSL_FLAG(std::string, unit, "", "a unit, units/N");
ABSL_FLAG(std::string, debit, "", "the account the points leave");
ABSL_FLAG(std::string, credit, "", "the account the points reach");
// A string, not an int64 flag, so that a bad amount is reported here, in
// the CLI's words.
ABSL_FLAG(std::string, amount, "", "points, at least 1");
ABSL_FLAG(std::string, reason, "",
          "a transfer's reason code (e.g. AWARD), or why a volunteer's status "
          "changes, a redemption is voided or a stocktake is made");
ABSL_FLAG(std::string, memo, "", "free text");
ABSL_FLAG(std::string, counter, "",
          "who counted a stocktake's goods (their names)");
ABSL_FLAG(int32_t, page_size, 0, "entries per page; 0: the server's default");
ABSL_FLAG(std::string, page_token, "", "continue a list from this token");
ABSL_FLAG(bool, all, false, "follow next_page_token to the end of the list");
// Access.
ABSL_FLAG(bool, print_token, false,
          "login: print the token instead of saving it in the token file");
ABSL_FLAG(std::string, login, "", "an operator's login");
ABSL_FLAG(std::string, role, "",
          "admin, auditor, desk, organizer, member or group_leader");
ABSL_FLAG(std::string, scope, "", "the unit an operator acts in, units/N");
ABSL_FLAG(std::string, person, "", "a person, people/N");
// The register.
ABSL_FLAG(std::string, code, "", "a unit's or care category's code");
ABSL_FLAG(std::string, level, "", "county, township or village");
ABSL_FLAG(std::string, parent, "", "the unit above, units/N");
ABSL_FLAG(std::string, village, "", "a village, units/N");
ABSL_FLAG(std::string, number, "", "household number, unique in its village");
ABSL_FLAG(std::string, address, "", "household address");
ABSL_FLAG(std::string, head_name, "", "the head of a new household's name");
ABSL_FLAG(std::string, head_phone, "", "their phone");
ABSL_FLAG(std::string, head_resident_id, "", "their resident ID number");
ABSL_FLAG(std::string, head_gender, "", "female or male");
ABSL_FLAG(int32_t, head_birth_year, 0, "their birth year");
ABSL_FLAG(std::string, full_name, "", "a person's name");
ABSL_FLAG(std::string, phone, "", "a person's phone");
ABSL_FLAG(std::string, resident_id, "", "a person's resident ID number");
ABSL_FLAG(std::string, gender, "", "female or male");
ABSL_FLAG(int32_t, birth_year, 0, "a person's birth year");
ABSL_FLAG(std::string, care, "", "care category codes, comma-separated");
ABSL_FLAG(std::string, household, "", "a household, households/N");
// Volunteers.
ABSL_FLAG(std::string, join_date, "", "YYYY-MM-DD");
ABSL_FLAG(std::string, date, "", "YYYY-MM-DD");
ABSL_FLAG(std::string, skills, "", "skills, comma-separated");
ABSL_FLAG(std::string, status, "", "active or suspended");
ABSL_FLAG(std::string, leader, "", "a team's leader, volunteers/N");
ABSL_FLAG(std::string, volunteer, "", "a volunteer, volunteers/N");
// The points supermarket. Numbers are strings, as --amount is.
ABSL_FLAG(std::string, category, "", "a rule's category, e.g. hygiene");
ABSL_FLAG(std::string, points, "", "points per award, at least 1");
ABSL_FLAG(std::string, cap_period, "", "none, month or year");
ABSL_FLAG(std::string, cap_points, "",
          "most points of a rule per household in a cap period");
ABSL_FLAG(std::string, valid_from, "", "YYYY-MM-DD");
ABSL_FLAG(std::string, valid_to, "",
          "YYYY-MM-DD; rule revise: 'open' for no end");
ABSL_FLAG(std::string, valid_on, "", "only rules valid on YYYY-MM-DD");
ABSL_FLAG(int32_t, version, 0, "a rule's version; 0: the current one");
ABSL_FLAG(std::string, note, "", "evidence or why, free text");
ABSL_FLAG(std::string, villages, "", "villages a site serves, UNIT,...");
ABSL_FLAG(std::string, site, "", "a supermarket site, sites/N");
ABSL_FLAG(std::string, measure, "",
          "a good's unit of measure, e.g. bag; rankings: honour or hours");
ABSL_FLAG(std::string, price, "", "points per unit of measure");
ABSL_FLAG(std::string, active, "", "yes or no: whether a good is offered");
ABSL_FLAG(bool, include_inactive, false, "list goods no longer offered too");
ABSL_FLAG(std::string, quantity, "", "how many come in, at least 1");
ABSL_FLAG(std::string, change, "", "signed change of a good's stock");
ABSL_FLAG(int32_t, width, 0, "characters per receipt line; 0 means 32");
ABSL_FLAG(std::string, from, "", "first day, YYYY-MM-DD");
ABSL_FLAG(std::string, to, "", "last day, YYYY-MM-DD");
// Volunteer service. Times are YYYY-MM-DDTHH:MM in China Standard Time, or
// RFC 3339 with an offset.
ABSL_FLAG(std::string, title, "", "an activity's title");
ABSL_FLAG(std::string, place, "", "where an activity is held");
ABSL_FLAG(std::string, description, "", "what an activity is about");
ABSL_FLAG(std::string, start, "", "when an activity starts");
ABSL_FLAG(std::string, end, "", "when an activity ends");
ABSL_FLAG(std::string, at, "", "when a volunteer left (a settled check-out)");
ABSL_FLAG(std::string, capacity, "", "most volunteers an activity takes");
ABSL_FLAG(std::string, teams, "", "teams invited, TEAM,...");
ABSL_FLAG(std::string, points_per_hour, "", "points per confirmed hour");
ABSL_FLAG(std::string, points_per_participation, "",
          "points per participation, instead of per hour");
ABSL_FLAG(std::string, minutes, "", "confirmed minutes of service");
// Paper point cards.
ABSL_FLAG(std::string, count, "", "how many paper cards to issue, 1 to 1000");
ABSL_FLAG(std::string, state, "",
          "only cards in this state: outstanding, redeemed or voided; only "
          "approvals: pending, approved or rejected");
ABSL_FLAG(bool, deduction, false,
          "rule publish: a deduction rule, taking points back");
ABSL_FLAG(std::string, event_date, "",
          "the day of the event an award is for, YYYY-MM-DD; default today");
ABSL_FLAG(std::string, late_reason, "",
          "why an award is recorded after the unit's deadline");
// Points policy.
ABSL_FLAG(std::string, deadline_days, "",
          "working days to record awards and hours in, 0 to 365 (0: none)");
ABSL_FLAG(std::string, expiry, "",
          "when points expire: never, after_days, year_end or reset_date");
ABSL_FLAG(std::string, expiry_days, "",
          "--expiry=after_days: days after earning, 1 to 3660");
ABSL_FLAG(std::string, as_of, "",
          "expiry: the day to expire as of, YYYY-MM-DD (default today)");
ABSL_FLAG(std::string, reset_date, "",
          "--expiry=reset_date: the yearly day, MM-DD");
ABSL_FLAG(std::string, star_hours, "",
          "volunteer star levels: hours for each level, ascending, e.g. "
          "100,300,600");
ABSL_FLAG(std::string, anonymous_rankings, "",
          "true or false: publish rankings without names");
ABSL_FLAG(std::string, subject, "", "rankings of households or volunteers");
ABSL_FLAG(std::string, limit, "", "most entries, 1 to 1000; default 20");

namespace jiamei::cli {
namespace {

using grpc::health::v1::Health;
using v1::AccessService;
using v1::AuditService;
using v1::LedgerService;
using v1::OrganizationService;
using v1::RegistryService;
using v1::SupermarketService;
using v1::VolunteerService;

constexpr int kExitOk = 0;
constexpr int kExitRefused = 1;
constexpr int kExitUsage = 2;
constexpr int kExitAuditFound = 3;

constexpr char kUsageNotes[] = R"(
An operand or a flag that names a record (ACCOUNT, TRANSFER, UNIT, PARENT,
ROOT, VILLAGE, HOUSEHOLD, PERSON, VOLUNTEER, TEAM, OPERATOR, RULE, SITE,
GOOD, REDEMPTION, ACTIVITY, RECORD, CARD, APPROVAL) takes its full name,
e.g. units/3, or just the number, 3. A SUBJECT is a full name,
households/N or volunteers/N. A CARD may also be given by the NUMBER
printed on it, {serial}-{code}, e.g. 12-345678; `card redeem` needs that
NUMBER.
A flag whose value is in brackets must be given but may be empty: --care=
clears the categories. `rule revise` and `good revise` make a new version
from the current one and the flags given. `policy set` gives a unit's own
settings in full: each one not given is inherited from the unit above.

FILE is a path, or - for standard input. For `award batch`, a CSV file:
household,rule,note on each line (the note may hold commas); blank lines,
# comments and a household,... header are skipped. For `queue upload`, one
DeskItem per line in protobuf JSON, e.g.
{"award":{"request_id":"d7-0001","household":"households/4",
"rule":"rules/1","note":"...","desk_time":"2026-11-20T09:30:00Z"}}

Every call but login and health carries a bearer token: --token, else
$JIAMEI_TOKEN, else the token file `jiamei login` writes ($JIAMEI_TOKEN_FILE,
default $HOME/.config/jiamei/token; `jiamei logout` removes it). Passwords
are read from standard input, one line each, not echoed on a terminal.

TLS: --tls checks the server's certificate against the system's roots,
--tls_ca=FILE (default $JIAMEI_TLS_CA) against that CA instead, e.g. the
county CA's ca.pem. A server that requires terminal certificates takes
--tls_cert=FILE --tls_key=FILE (default $JIAMEI_TLS_CERT, $JIAMEI_TLS_KEY).
--tls_server_name=NAME checks NAME in the certificate instead of the host of
--server. Without any of these the CLI speaks plaintext.

--server defaults to $JIAMEI_SERVER, else 127.0.0.1:7070. --timeout is the
deadline of each call (default 10s; 10m for audit, 1h for backup). --json
prints each answer as one JSON object per line.

A mutation without --request_id gets a new random one, printed to stderr:
run it again with that --request_id to retry safely, e.g. after a timeout.

Exit status: 0 done (for `award batch` and `queue upload`: the call was
taken; each line's result says whether it was applied); 1 refused by the
server, server unreachable or not serving; 2 usage error; 3 the audit found
discrepancies.

`jiamei backup DIR` (admins of the whole system) writes a consistent copy
of the running server into DIR on this machine (DIR must be new or empty),
checks every file against the server's checksums and writes the manifest
DIR/JIAMEI_BACKUP last; `jiamei-server --verify_backup=DIR` checks it.
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

// What a connection the server closed at once most likely means.
std::string ClosedHint() {
  const clients::ChannelSecurity security = clients::ChannelSecurityFromFlags();
  if (!clients::WantsTls(security)) {
    return "the server may speak TLS only: give --tls_ca=FILE (or --tls)";
  }
  if (security.cert_file.empty()) {
    return "the server may require a terminal certificate: give --tls_cert "
           "and --tls_key";
  }
  return "the server may not accept this terminal's certificate (one of "
         "another CA, or expired?)";
}

int Refused(const grpc::Status& status) {
  std::cerr << "error: " << clients::Describe(status) << "\n";
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE &&
      absl::StrContains(status.error_message(), "Socket closed")) {
    std::cerr << "hint: " << ClosedHint() << "\n";
  }
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

// The server's stubs, the deadline every call gets and the token it
// carries.
class Client {
 public:
  Client(const std::shared_ptr<grpc::Channel>& channel, absl::Duration timeout,
         std::string token)
      : stubs_(LedgerService::NewStub(channel), AuditService::NewStub(channel),
               Health::NewStub(channel), AccessService::NewStub(channel),
               OrganizationService::NewStub(channel),
               RegistryService::NewStub(channel),
               VolunteerService::NewStub(channel),
               SupermarketService::NewStub(channel),
               v1::ActivityService::NewStub(channel),
               v1::PointCardService::NewStub(channel),
               v1::PolicyService::NewStub(channel),
               v1::BackupService::NewStub(channel)),
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
    context.set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
    if (!token_.empty()) {
      context.AddMetadata("authorization", "Bearer " + token_);
    }
    Stub* stub = std::get<std::unique_ptr<Stub>>(stubs_).get();
    return (stub->*method)(&context, request, response);
  }

  // Streams a backup of the server into `sink` (clients/backup_client.h).
  grpc::Status Backup(storage::BackupSink* sink, v1::BackupManifest* manifest) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
    context.AddMetadata("authorization", "Bearer " + token_);
    return clients::ReceiveBackup(
        std::get<std::unique_ptr<v1::BackupService::Stub>>(stubs_).get(),
        &context, sink, manifest);
  }

 private:
  std::tuple<std::unique_ptr<LedgerService::Stub>,
             std::unique_ptr<AuditService::Stub>, std::unique_ptr<Health::Stub>,
             std::unique_ptr<AccessService::Stub>,
             std::unique_ptr<OrganizationService::Stub>,
             std::unique_ptr<RegistryService::Stub>,
             std::unique_ptr<VolunteerService::Stub>,
             std::unique_ptr<SupermarketService::Stub>,
             std::unique_ptr<v1::ActivityService::Stub>,
             std::unique_ptr<v1::PointCardService::Stub>,
             std::unique_ptr<v1::PolicyService::Stub>,
             std::unique_ptr<v1::BackupService::Stub>>
      stubs_;
  absl::Duration timeout_;
  std::string token_;
};

// ---- Names, request ids, standard input -----------------------------------

// "7" -> "accounts/7" (with collection "accounts"). Anything else, and
// anything when `collection` is "", goes to the server as it is, for the
// server to judge.
std::string Normalize(const std::string& name, absl::string_view collection) {
  const bool number = !name.empty() && absl::c_all_of(name, [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
  return number && !collection.empty() ? absl::StrCat(collection, "/", name)
                                       : name;
}

// A flag naming a record, as a full name: --unit=3 -> "units/3".
std::string NameFlag(const absl::Flag<std::string>& flag,
                     absl::string_view collection) {
  return Normalize(absl::GetFlag(flag), collection);
}

// The collections the operands of kCommands name; other operands (LOGIN,
// QUERY, SEQUENCE) go to the server as they are.
constexpr std::pair<absl::string_view, absl::string_view> kCollections[] = {
    {"ACCOUNT", "accounts"},
    {"TRANSFER", "transfers"},
    {"UNIT", "units"},
    {"PARENT", "units"},
    {"ROOT", "units"},
    {"VILLAGE", "units"},
    {"HOUSEHOLD", "households"},
    {"PERSON", "people"},
    {"VOLUNTEER", "volunteers"},
    {"TEAM", "teams"},
    {"OPERATOR", "operators"},
    {"RULE", "rules"},
    {"SITE", "sites"},
    {"GOOD", "goods"},
    {"REDEMPTION", "redemptions"},
    {"STOCKTAKE", "stocktakes"},
    {"ACTIVITY", "activities"},
    {"RECORD", "records"},
    {"CARD", "cards"},
    {"APPROVAL", "approvals"},
};

// "UNIT" or "[PARENT]" -> "units".
absl::string_view CollectionOf(absl::string_view operand) {
  absl::ConsumePrefix(&operand, "[");
  absl::ConsumeSuffix(&operand, "]");
  for (const auto& [placeholder, collection] : kCollections) {
    if (placeholder == operand) return collection;
  }
  return "";
}

// "a, b,c" -> {"a", "b", "c"}, into a repeated field of the request, each
// a full name of `collection` ("3" -> "units/3") unless that is "".
void SetList(const absl::Flag<std::string>& flag,
             google::protobuf::RepeatedPtrField<std::string>* list,
             absl::string_view collection = "") {
  for (absl::string_view item :
       absl::StrSplit(absl::GetFlag(flag), ',', absl::SkipWhitespace())) {
    list->Add(
        Normalize(std::string(absl::StripAsciiWhitespace(item)), collection));
  }
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

// Turns the terminal's echo off while it lives, if standard input is a
// terminal.
class EchoOff {
 public:
  EchoOff()
      : terminal_(isatty(STDIN_FILENO) == 1 &&
                  tcgetattr(STDIN_FILENO, &saved_) == 0) {
    if (!terminal_) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  ~EchoOff() {
    if (!terminal_) return;
    tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
    std::cerr << "\n";  // the Enter the person typed was not echoed
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

  bool terminal() const { return terminal_; }

 private:
  termios saved_{};
  const bool terminal_;
};

// A password: one line of standard input, asked for with `prompt` and not
// echoed on a terminal; nullopt if the input has ended.
std::optional<std::string> ReadPassword(absl::string_view prompt) {
  std::string line;
  {
    EchoOff echo_off;
    if (echo_off.terminal()) std::cerr << prompt << std::flush;
    if (!std::getline(std::cin, line)) return std::nullopt;
  }
  if (absl::EndsWith(line, "\r")) line.pop_back();
  return line;
}

int NoPassword() {
  return UsageError("no password on standard input (one line each)");
}

// "a", "a or b", "a, b or c".
std::string Alternatives(const std::vector<std::string>& words) {
  if (words.size() < 2) return absl::StrJoin(words, "");
  return absl::StrCat(absl::StrJoin(words.begin(), words.end() - 1, ", "),
                      " or ", words.back());
}

// The value of Enum that `flag` spells (see Spellings in cli_output.h), e.g.
// --role=desk -> ROLE_DESK_OPERATOR; the unspecified value if the flag is
// empty (kCommands says which flags are required). Sets `error` if the flag
// spells no value, or none of `only` when that is not empty (--kind of
// `stock in` takes donation or purchase).
template <typename Enum>
Enum ParseWord(const absl::Flag<std::string>& flag, std::string* error,
               std::initializer_list<Enum> only = {}) {
  const std::string word = absl::GetFlag(flag);
  if (word.empty()) return static_cast<Enum>(0);
  const google::protobuf::EnumDescriptor* type =
      google::protobuf::GetEnumDescriptor<Enum>();
  std::vector<std::string> words;
  for (int i = 0; i < type->value_count(); ++i) {
    const auto value = static_cast<Enum>(type->value(i)->number());
    if (absl::EndsWith(type->value(i)->name(), "_UNSPECIFIED") ||
        (only.size() > 0 && !absl::c_linear_search(only, value))) {
      continue;
    }
    const std::vector<std::string> spellings = Spellings(*type->value(i));
    if (absl::c_linear_search(spellings, word)) {
      return value;
    }
    words.push_back(spellings.front());
  }
  *error = absl::StrCat("--", absl::GetFlagReflectionHandle(flag).Name(),
                        " must be ", Alternatives(words), ", not '", word, "'");
  return static_cast<Enum>(0);
}

// ---- The token file -------------------------------------------------------

// Where `jiamei login` keeps the token: $JIAMEI_TOKEN_FILE, else
// $HOME/.config/jiamei/token; "" if neither is set.
std::string TokenFile() {
  const char* file = std::getenv("JIAMEI_TOKEN_FILE");
  if (file != nullptr && *file != '\0') return file;
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') return "";
  return absl::StrCat(home, "/.config/jiamei/token");
}

// The token in `path`, or "" if there is none.
std::string ReadTokenFile(const std::string& path) {
  std::ifstream file(path);
  std::string token;
  std::getline(file, token);
  return std::string(absl::StripAsciiWhitespace(token));
}

// The bearer token calls carry: --token, else $JIAMEI_TOKEN, else the one
// in the token file.
std::string Token() {
  const std::string token = absl::GetFlag(FLAGS_token);
  if (!token.empty()) return token;
  const char* env = std::getenv("JIAMEI_TOKEN");
  if (env != nullptr && *env != '\0') return env;
  return ReadTokenFile(TokenFile());
}

// Makes the folder of `path` (and the ones above it) if missing, the new
// folder readable by its owner only. Returns why it could not, or "".
std::string MakeFolderOf(const std::string& path) {
  const std::filesystem::path folder =
      std::filesystem::path(path).parent_path();
  std::error_code error;
  if (!folder.empty() && std::filesystem::create_directories(folder, error)) {
    std::filesystem::permissions(folder, std::filesystem::perms::owner_all,
                                 error);
  }
  return error ? absl::StrCat(folder.string(), ": ", error.message()) : "";
}

// Writes `token` to `path` whole or not at all (a new file, mode 0600,
// renamed over the old one). Returns why it could not, or "".
std::string SaveToken(const std::string& path, const std::string& token) {
  if (path.empty()) return "neither $JIAMEI_TOKEN_FILE nor $HOME is set";
  if (std::string why = MakeFolderOf(path); !why.empty()) return why;
  std::string temp = path + ".XXXXXX";
  const int fd = mkstemp(temp.data());  // mode 0600
  if (fd < 0) return absl::StrCat(temp, ": ", std::strerror(errno));
  const std::string line = token + "\n";
  bool done = fchmod(fd, S_IRUSR | S_IWUSR) == 0 &&
              write(fd, line.data(), line.size()) ==
                  static_cast<ssize_t>(line.size()) &&
              fsync(fd) == 0;
  done = close(fd) == 0 && done;
  if (done && std::rename(temp.c_str(), path.c_str()) == 0) return "";
  const std::string why = std::strerror(errno);
  unlink(temp.c_str());
  return absl::StrCat(path, ": ", why);
}

// Removes the token file if it holds `token`, which no longer works, so
// that later commands do not send it.
void ForgetToken(const std::string& token) {
  const std::string path = TokenFile();
  if (token.empty() || ReadTokenFile(path) != token) return;
  if (std::remove(path.c_str()) == 0) {
    std::cerr << "removed the token file " << path << "\n";
  } else {
    std::cerr << "warning: cannot remove " << path << ": "
              << std::strerror(errno) << "\n";
  }
}

// ---- Flags into requests ----------------------------------------------

absl::Status BadFlag(const absl::Flag<std::string>& flag,
                     absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(
      "--", absl::GetFlagReflectionHandle(flag).Name(), " ", problem));
}

// The first error of `checks`, done in order, or OK.
absl::Status FirstError(std::initializer_list<absl::Status> checks) {
  for (const absl::Status& status : checks) {
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

// Sets `field` to what `flag` holds, unless the flag is empty: a revision
// keeps what the current version has.
void SetText(const absl::Flag<std::string>& flag, std::string* field) {
  std::string value = absl::GetFlag(flag);
  if (!value.empty()) *field = std::move(value);
}

// As SetText, for a whole number.
template <typename Message>
absl::Status SetNumber(const absl::Flag<std::string>& flag, Message* message,
                       void (Message::*set)(int64_t)) {
  const std::string text = absl::GetFlag(flag);
  int64_t number = 0;
  if (text.empty()) return absl::OkStatus();
  if (!absl::SimpleAtoi(text, &number)) {
    return BadFlag(flag, absl::StrCat("must be a whole number (at most ",
                                      std::numeric_limits<int64_t>::max(),
                                      "), not '", text, "'"));
  }
  (message->*set)(number);
  return absl::OkStatus();
}

// As SetText, for a yes or no.
template <typename Message>
absl::Status SetYesNo(const absl::Flag<std::string>& flag, Message* message,
                      void (Message::*set)(bool)) {
  const std::string text = absl::GetFlag(flag);
  bool yes = false;
  if (text.empty()) return absl::OkStatus();
  if (!absl::SimpleAtob(text, &yes)) {
    return BadFlag(flag, absl::StrCat("must be yes or no, not '", text, "'"));
  }
  (message->*set)(yes);
  return absl::OkStatus();
}

// As SetText, for an enum (see ParseWord).
template <typename Enum, typename Message>
absl::Status SetWord(const absl::Flag<std::string>& flag, Message* message,
                     void (Message::*set)(Enum),
                     std::initializer_list<Enum> only = {}) {
  if (absl::GetFlag(flag).empty()) return absl::OkStatus();
  std::string error;
  const Enum value = ParseWord<Enum>(flag, &error, only);
  if (!error.empty()) return absl::InvalidArgumentError(error);
  (message->*set)(value);
  return absl::OkStatus();
}

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

// ---- The commands ---------------------------------------------------------
//
// One per RPC. Each gets its operand, already a full name if it names a
// record (see kCollections), or "" if it takes none, and returns the exit
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
  const grpc::Status status =
      client->Send(&AccessService::Stub::Login, request, &response);
  return status.ok() ? KeepToken(std::move(response)) : Refused(status);
}

// `jiamei backup DIR`: a copy of the running server written into DIR here,
// every file checked against the server's checksums before the manifest
// (DIR/JIAMEI_BACKUP) is written last.
int Backup(Client* client, const std::string& dir) {
  absl::StatusOr<std::unique_ptr<storage::BackupDirWriter>> writer =
      storage::BackupDirWriter::Create(dir);
  if (!writer.ok()) return UsageError(writer.status().message());
  v1::BackupManifest manifest;
  const grpc::Status status = client->Backup(writer->get(), &manifest);
  if (!status.ok()) {
    std::cerr << "note: " << dir << " holds no whole backup (no "
              << storage::kBackupManifestFile << "); remove it\n";
    return Refused(status);
  }
  if (absl::GetFlag(FLAGS_json)) return ShowJson(manifest);
  std::cout << "backup written to " << dir << ": " << manifest.files_size()
            << " files, " << (*writer)->bytes() << " bytes, checked\n"
            << "last_sequence: " << manifest.head_sequence() << "\n"
            << "head_hash: " << manifest.head_hash() << "\n";
  return kExitOk;
}

int Logout(Client* client, const std::string& /*operand*/) {
  v1::LogoutResponse response;
  if (client->token().empty()) {
    std::cerr << "not logged in: there is no token to revoke\n";
    return kExitOk;
  }
  const grpc::Status status =
      client->Send(&AccessService::Stub::Logout, {}, &response);
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
      client->Send(&AccessService::Stub::ChangePassword, request, &response);
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
  return client->Call(&AccessService::Stub::CreateOperator, request);
}

int OperatorDisable(Client* client, const std::string& name) {
  v1::DisableOperatorRequest request;
  request.set_name(name);
  request.set_request_id(RequestId());
  return client->Call(&AccessService::Stub::DisableOperator, request);
}

int UnitCreate(Client* client, const std::string& /*operand*/) {
  std::string error;
  const v1::UnitLevel level = ParseWord<v1::UnitLevel>(FLAGS_level, &error);
  if (!error.empty()) return UsageError(error);
  v1::CreateUnitRequest request;
  v1::Unit* unit = request.mutable_unit();
  unit->set_code(absl::GetFlag(FLAGS_code));
  unit->set_display_name(absl::GetFlag(FLAGS_display_name));
  unit->set_level(level);
  unit->set_parent(NameFlag(FLAGS_parent, "units"));
  request.set_request_id(RequestId());
  return client->Call(&OrganizationService::Stub::CreateUnit, request);
}

int UnitRename(Client* client, const std::string& name) {
  v1::RenameUnitRequest request;
  request.set_name(name);
  request.set_display_name(absl::GetFlag(FLAGS_display_name));
  request.set_request_id(RequestId());
  return client->Call(&OrganizationService::Stub::RenameUnit, request);
}

// The flags that describe a person: --full_name and its kin, or for the
// head of a new household --head_name and its kin.
struct PersonFlags {
  const absl::Flag<std::string>* full_name;
  const absl::Flag<std::string>* phone;
  const absl::Flag<std::string>* resident_id;
  const absl::Flag<std::string>* gender;
  const absl::Flag<int32_t>* birth_year;
};
constexpr PersonFlags kPersonFlags = {&FLAGS_full_name, &FLAGS_phone,
                                      &FLAGS_resident_id, &FLAGS_gender,
                                      &FLAGS_birth_year};
constexpr PersonFlags kHeadFlags = {&FLAGS_head_name, &FLAGS_head_phone,
                                    &FLAGS_head_resident_id, &FLAGS_head_gender,
                                    &FLAGS_head_birth_year};

// Fills `person` from `flags`. Returns why it could not, or "".
std::string FillPerson(const PersonFlags& flags, v1::Person* person) {
  std::string error;
  person->set_gender(ParseWord<v1::Gender>(*flags.gender, &error));
  person->set_full_name(absl::GetFlag(*flags.full_name));
  person->set_phone(absl::GetFlag(*flags.phone));
  person->set_resident_id(absl::GetFlag(*flags.resident_id));
  person->set_birth_year(absl::GetFlag(*flags.birth_year));
  return error;
}

int HouseholdCreate(Client* client, const std::string& /*operand*/) {
  v1::CreateHouseholdRequest request;
  if (std::string error = FillPerson(kHeadFlags, request.mutable_head());
      !error.empty()) {
    return UsageError(error);
  }
  v1::Household* household = request.mutable_household();
  household->set_village(NameFlag(FLAGS_village, "units"));
  household->set_number(absl::GetFlag(FLAGS_number));
  household->set_address(absl::GetFlag(FLAGS_address));
  SetList(FLAGS_care, household->mutable_care_categories());
  request.set_request_id(RequestId());
  return client->Call(&RegistryService::Stub::CreateHousehold, request);
}

int HouseholdSearch(Client* client, const std::string& query) {
  v1::SearchHouseholdsRequest request;
  request.set_query(query);
  request.set_unit(NameFlag(FLAGS_unit, "units"));
  return client->List(&RegistryService::Stub::SearchHouseholds, request);
}

int HouseholdCare(Client* client, const std::string& name) {
  v1::SetHouseholdCareRequest request;
  request.set_name(name);
  SetList(FLAGS_care, request.mutable_care_categories());
  request.set_request_id(RequestId());
  return client->Call(&RegistryService::Stub::SetHouseholdCare, request);
}

int PersonCreate(Client* client, const std::string& /*operand*/) {
  v1::CreatePersonRequest request;
  if (std::string error = FillPerson(kPersonFlags, request.mutable_person());
      !error.empty()) {
    return UsageError(error);
  }
  request.set_household(NameFlag(FLAGS_household, "households"));
  request.set_request_id(RequestId());
  return client->Call(&RegistryService::Stub::CreatePerson, request);
}

int PersonMove(Client* client, const std::string& name) {
  v1::MovePersonRequest request;
  request.set_name(name);
  request.set_household(NameFlag(FLAGS_household, "households"));
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

int VolunteerEnroll(Client* client, const std::string& person) {
  v1::EnrollVolunteerRequest request;
  request.set_person(person);
  request.set_join_date(absl::GetFlag(FLAGS_join_date));
  SetList(FLAGS_skills, request.mutable_skills());
  request.set_request_id(RequestId());
  return client->Call(&VolunteerService::Stub::EnrollVolunteer, request);
}

int VolunteerStatus(Client* client, const std::string& name) {
  std::string error;
  const v1::VolunteerStatus status =
      ParseWord<v1::VolunteerStatus>(FLAGS_status, &error);
  if (!error.empty()) return UsageError(error);
  v1::SetVolunteerStatusRequest request;
  request.set_name(name);
  request.set_status(status);
  request.set_reason(absl::GetFlag(FLAGS_reason));
  request.set_request_id(RequestId());
  return client->Call(&VolunteerService::Stub::SetVolunteerStatus, request);
}

int TeamCreate(Client* client, const std::string& /*operand*/) {
  v1::CreateTeamRequest request;
  v1::Team* team = request.mutable_team();
  team->set_unit(NameFlag(FLAGS_unit, "units"));
  team->set_display_name(absl::GetFlag(FLAGS_display_name));
  team->set_leader(NameFlag(FLAGS_leader, "volunteers"));
  request.set_date(absl::GetFlag(FLAGS_date));
  request.set_request_id(RequestId());
  return client->Call(&VolunteerService::Stub::CreateTeam, request);
}

// Joining and leaving a team take the same request.
template <auto kMethod>
int TeamMembership(Client* client, const std::string& team) {
  v1::ChangeTeamMembershipRequest request;
  request.set_team(team);
  request.set_volunteer(NameFlag(FLAGS_volunteer, "volunteers"));
  request.set_date(absl::GetFlag(FLAGS_date));
  request.set_request_id(RequestId());
  return client->Call(kMethod, request);
}

int AccountOpen(Client* client, const std::string& /*operand*/) {
  std::string error;
  const v1::AccountKind kind = ParseWord<v1::AccountKind>(FLAGS_kind, &error);
  if (!error.empty()) return UsageError(error);
  v1::CreateAccountRequest request;
  request.set_kind(kind);
  request.set_display_name(absl::GetFlag(FLAGS_display_name));
  request.set_unit(NameFlag(FLAGS_unit, "units"));
  request.set_request_id(RequestId());
  return client->Call(&LedgerService::Stub::CreateAccount, request);
}

int AccountList(Client* client, const std::string& /*operand*/) {
  v1::ListAccountsRequest request;
  request.set_unit(NameFlag(FLAGS_unit, "units"));
  return client->List(&LedgerService::Stub::ListAccounts, request);
}

int TransferCreate(Client* client, const std::string& /*operand*/) {
  v1::CreateTransferRequest request;
  request.set_debit_account(NameFlag(FLAGS_debit, "accounts"));
  request.set_credit_account(NameFlag(FLAGS_credit, "accounts"));
  request.set_reason_code(absl::GetFlag(FLAGS_reason));
  request.set_memo(absl::GetFlag(FLAGS_memo));
  return Mutate(client, &LedgerService::Stub::CreateTransfer, request,
                SetNumber(FLAGS_amount, &request,
                          &v1::CreateTransferRequest::set_amount));
}

int TransferReverse(Client* client, const std::string& transfer) {
  v1::ReverseTransferRequest request;
  request.set_name(transfer);
  request.set_memo(absl::GetFlag(FLAGS_memo));
  request.set_request_id(RequestId());
  return client->Call(&LedgerService::Stub::ReverseTransfer, request);
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

// ---- The points supermarket -----------------------------------------------

using Supermarket = SupermarketService::Stub;

// What the flags of `rule publish` and `rule revise` give, over `rule`.
absl::Status Overlay(v1::Rule* rule) {
  SetText(FLAGS_display_name, rule->mutable_display_name());
  SetText(FLAGS_valid_from, rule->mutable_valid_from());
  SetText(FLAGS_valid_to, rule->mutable_valid_to());
  if (absl::GetFlag(FLAGS_valid_to) == "open") rule->clear_valid_to();
  const absl::Status status = FirstError(
      {SetWord(FLAGS_category, rule, &v1::Rule::set_category),
       SetNumber(FLAGS_points, rule, &v1::Rule::set_points),
       SetWord(FLAGS_cap_period, rule, &v1::Rule::set_cap_period),
       SetNumber(FLAGS_cap_points, rule, &v1::Rule::set_cap_points)});
  // No cap, no cap points: --cap_period=none alone lifts a cap.
  if (rule->cap_period() == v1::CAP_PERIOD_NONE &&
      absl::GetFlag(FLAGS_cap_points).empty()) {
    rule->set_cap_points(0);
  }
  return status;
}

// What the flags of `good add` and `good revise` give, over `good`.
absl::Status Overlay(v1::Good* good) {
  SetText(FLAGS_display_name, good->mutable_display_name());
  SetText(FLAGS_measure, good->mutable_measure());
  return FirstError({SetNumber(FLAGS_price, good, &v1::Good::set_price),
                     SetYesNo(FLAGS_active, good, &v1::Good::set_active)});
}

// What a revision sends of the version it starts from.
void ClearOutputOnly(v1::Rule* rule) {
  rule->clear_version();
  rule->clear_version_time();
  rule->clear_version_sequence();
  rule->clear_operator_();
}
void ClearOutputOnly(v1::Good* good) {
  good->clear_version();
  good->clear_stock();
  good->clear_version_time();
}

// `rule revise` and `good revise`: a new version, which is the current one
// with what the flags give over it (the API wants the version in full).
template <auto kGet, auto kRevise, auto kRecord>
int Revise(Client* client, const std::string& name) {
  using Record =
      std::remove_pointer_t<decltype((RequestOf<kRevise>().*kRecord)())>;
  Record scratch;  // the flags are checked before anything is asked
  if (absl::Status bad = Overlay(&scratch); !bad.ok()) {
    return UsageError(bad.message());
  }
  Record record;
  RequestOf<kGet> get;
  get.set_name(name);
  if (const grpc::Status status = client->Send(kGet, get, &record);
      !status.ok()) {
    return Refused(status);
  }
  ClearOutputOnly(&record);
  RequestOf<kRevise> request;
  *(request.*kRecord)() = record;
  return Mutate(client, kRevise, request, Overlay((request.*kRecord)()));
}

int RulePublish(Client* client, const std::string& /*operand*/) {
  v1::PublishRuleRequest request;
  v1::Rule* rule = request.mutable_rule();
  rule->set_unit(NameFlag(FLAGS_unit, "units"));
  rule->set_code(absl::GetFlag(FLAGS_code));
  rule->set_deduction(absl::GetFlag(FLAGS_deduction));
  return Mutate(client, &Supermarket::PublishRule, request, Overlay(rule));
}

int RuleGet(Client* client, const std::string& name) {
  v1::GetRuleRequest request;
  request.set_name(name);
  request.set_version(absl::GetFlag(FLAGS_version));
  return client->Call(&Supermarket::GetRule, request);
}

int RuleList(Client* client, const std::string& /*operand*/) {
  v1::ListRulesRequest request;
  request.set_unit(NameFlag(FLAGS_unit, "units"));
  request.set_valid_on(absl::GetFlag(FLAGS_valid_on));
  return client->Call(&Supermarket::ListRules, request);
}

int Award(Client* client, const std::vector<std::string>& operands) {
  v1::AwardPointsRequest request;
  request.set_rule(operands[0]);
  request.set_household(operands[1]);
  request.set_note(absl::GetFlag(FLAGS_note));
  request.set_event_date(absl::GetFlag(FLAGS_event_date));
  request.set_late_reason(absl::GetFlag(FLAGS_late_reason));
  return Mutate(client, &Supermarket::AwardPoints, request, absl::OkStatus());
}

// The lines of the file at `path`, or of standard input for "-", without
// their line ends.
absl::StatusOr<std::vector<std::string>> ReadLines(const std::string& path) {
  std::ifstream file;
  if (path != "-") {
    file.open(path);
    if (!file) {
      return absl::NotFoundError(
          absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
    }
  }
  std::istream& in = path == "-" ? std::cin : file;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (absl::EndsWith(line, "\r")) line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

// Whether a line of an input file holds nothing to send: blank, or a
// "# comment".
bool Blank(absl::string_view line) {
  line = absl::StripAsciiWhitespace(line);
  return line.empty() || absl::StartsWith(line, "#");
}

// "households/12,rules/3,courtyard checked" (or "12,3,...") -> an award
// line; the note is the rest of the line, commas and all.
absl::StatusOr<v1::AwardLine> ParseAwardLine(absl::string_view text) {
  const std::vector<absl::string_view> fields =
      absl::StrSplit(text, absl::MaxSplits(',', 2));
  if (fields.size() < 2) {
    return absl::InvalidArgumentError("want household,rule,note");
  }
  v1::AwardLine line;
  line.set_household(Normalize(
      std::string(absl::StripAsciiWhitespace(fields[0])), "households"));
  line.set_rule(
      Normalize(std::string(absl::StripAsciiWhitespace(fields[1])), "rules"));
  if (fields.size() > 2) {
    line.set_note(std::string(absl::StripAsciiWhitespace(fields[2])));
  }
  return line;
}

// An award batch read from a CSV file, and the file's line number of each
// of its lines.
struct BatchFile {
  v1::AwardBatchRequest request;
  std::vector<int> line_numbers;
};

// Reads FILE of `award batch`: household,rule,note per line; blank lines,
// "# comments" and a "household,..." header line are passed over.
absl::StatusOr<BatchFile> ReadBatch(const std::string& path) {
  absl::StatusOr<std::vector<std::string>> lines = ReadLines(path);
  if (!lines.ok()) return lines.status();
  BatchFile batch;
  for (size_t i = 0; i < lines->size(); ++i) {
    const std::string& text = (*lines)[i];
    if (Blank(text) || absl::StartsWith(text, "household,")) continue;
    absl::StatusOr<v1::AwardLine> line = ParseAwardLine(text);
    if (!line.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", i + 1, ": ", line.status().message()));
    }
    *batch.request.add_lines() = *std::move(line);
    batch.line_numbers.push_back(static_cast<int>(i + 1));
  }
  if (batch.request.lines().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": no award lines"));
  }
  return batch;
}

int AwardBatch(Client* client, const std::string& path) {
  absl::StatusOr<BatchFile> batch = ReadBatch(path);
  if (!batch.ok()) return UsageError(batch.status().message());
  batch->request.set_event_date(absl::GetFlag(FLAGS_event_date));
  batch->request.set_late_reason(absl::GetFlag(FLAGS_late_reason));
  batch->request.set_request_id(RequestId());
  v1::AwardBatchResponse response;
  const grpc::Status status =
      client->Send(&Supermarket::AwardBatch, batch->request, &response);
  if (!status.ok()) return Refused(status);
  if (absl::GetFlag(FLAGS_json)) return ShowJson(response);
  Print(batch->request, batch->line_numbers, response);
  return kExitOk;
}

int SiteCreate(Client* client, const std::string& /*operand*/) {
  v1::CreateSiteRequest request;
  v1::Site* site = request.mutable_site();
  site->set_unit(NameFlag(FLAGS_unit, "units"));
  site->set_display_name(absl::GetFlag(FLAGS_display_name));
  SetList(FLAGS_villages, site->mutable_villages(), "units");
  return Mutate(client, &Supermarket::CreateSite, request, absl::OkStatus());
}

int SiteList(Client* client, const std::string& /*operand*/) {
  v1::ListSitesRequest request;
  request.set_unit(NameFlag(FLAGS_unit, "units"));
  return client->Call(&Supermarket::ListSites, request);
}

int GoodAdd(Client* client, const std::string& /*operand*/) {
  v1::AddGoodRequest request;
  v1::Good* good = request.mutable_good();
  good->set_site(NameFlag(FLAGS_site, "sites"));
  good->set_active(true);
  return Mutate(client, &Supermarket::AddGood, request, Overlay(good));
}

int GoodList(Client* client, const std::string& /*operand*/) {
  v1::ListGoodsRequest request;
  request.set_site(NameFlag(FLAGS_site, "sites"));
  request.set_include_inactive(absl::GetFlag(FLAGS_include_inactive));
  return client->Call(&Supermarket::ListGoods, request);
}

int StockIn(Client* client, const std::string& good) {
  v1::StockInRequest request;
  request.set_good(good);
  request.set_note(absl::GetFlag(FLAGS_note));
  return Mutate(
      client, &Supermarket::StockIn, request,
      FirstError({SetNumber(FLAGS_quantity, &request,
                            &v1::StockInRequest::set_quantity),
                  SetWord(FLAGS_kind, &request, &v1::StockInRequest::set_kind,
                          {v1::STOCK_MOVEMENT_KIND_DONATION,
                           v1::STOCK_MOVEMENT_KIND_PURCHASE})}));
}

int StockAdjust(Client* client, const std::string& good) {
  v1::AdjustStockRequest request;
  request.set_good(good);
  request.set_note(absl::GetFlag(FLAGS_note));
  return Mutate(client, &Supermarket::AdjustStock, request,
                FirstError({SetNumber(FLAGS_change, &request,
                                      &v1::AdjustStockRequest::set_change),
                            SetWord(FLAGS_kind, &request,
                                    &v1::AdjustStockRequest::set_kind,
                                    {v1::STOCK_MOVEMENT_KIND_LOSS,
                                     v1::STOCK_MOVEMENT_KIND_DAMAGE,
                                     v1::STOCK_MOVEMENT_KIND_CORRECTION})}));
}

// "goods/3=2" (or "3=2") -> two of goods/3.
absl::StatusOr<v1::RedemptionLine> ParseRedemptionLine(
    absl::string_view operand) {
  const std::vector<std::string> parts =
      absl::StrSplit(operand, absl::MaxSplits('=', 1));
  v1::RedemptionLine line;
  int64_t quantity = 0;
  if (parts.size() != 2 || parts[0].empty() ||
      !absl::SimpleAtoi(parts[1], &quantity)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", operand, "' is not GOOD=QUANTITY, e.g. goods/3=2"));
  }
  line.set_good(Normalize(parts[0], "goods"));
  line.set_quantity(quantity);
  return line;
}

int Redeem(Client* client, const std::vector<std::string>& operands) {
  v1::RedeemRequest request;
  request.set_site(NameFlag(FLAGS_site, "sites"));
  request.set_household(NameFlag(FLAGS_household, "households"));
  for (const std::string& operand : operands) {
    absl::StatusOr<v1::RedemptionLine> line = ParseRedemptionLine(operand);
    if (!line.ok()) return UsageError(line.status().message());
    *request.add_lines() = *std::move(line);
  }
  return Mutate(client, &Supermarket::Redeem, request, absl::OkStatus());
}

int RedemptionVoid(Client* client, const std::string& name) {
  v1::VoidRedemptionRequest request;
  request.set_name(name);
  request.set_reason(absl::GetFlag(FLAGS_reason));
  return Mutate(client, &Supermarket::VoidRedemption, request,
                absl::OkStatus());
}

int RedemptionList(Client* client, const std::string& /*operand*/) {
  v1::ListRedemptionsRequest request;
  request.set_site(NameFlag(FLAGS_site, "sites"));
  return client->List(&Supermarket::ListRedemptions, request);
}

// "goods/3=12" (or "3=12") -> 12 of goods/3 on the shelf.
absl::StatusOr<v1::StocktakeLine> ParseStocktakeLine(
    absl::string_view operand) {
  const std::vector<std::string> parts =
      absl::StrSplit(operand, absl::MaxSplits('=', 1));
  v1::StocktakeLine line;
  int64_t counted = 0;
  if (parts.size() != 2 || parts[0].empty() ||
      !absl::SimpleAtoi(parts[1], &counted)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", operand, "' is not GOOD=COUNT, e.g. goods/3=12"));
  }
  line.set_good(Normalize(parts[0], "goods"));
  line.set_counted(counted);
  return line;
}

// `stocktake record SITE GOOD=COUNT ...`.
int StocktakeRecord(Client* client, const std::vector<std::string>& operands) {
  v1::RecordStocktakeRequest request;
  request.set_site(operands[0]);
  request.set_counter(absl::GetFlag(FLAGS_counter));
  request.set_reason(absl::GetFlag(FLAGS_reason));
  for (size_t i = 1; i < operands.size(); ++i) {
    absl::StatusOr<v1::StocktakeLine> line = ParseStocktakeLine(operands[i]);
    if (!line.ok()) return UsageError(line.status().message());
    *request.add_lines() = *std::move(line);
  }
  return Mutate(client, &Supermarket::RecordStocktake, request,
                absl::OkStatus());
}

int Receipt(Client* client, const std::string& name) {
  v1::GetReceiptRequest request;
  request.set_name(name);
  request.set_width(absl::GetFlag(FLAGS_width));
  return client->Call(&Supermarket::GetReceipt, request);
}

// Reads FILE of `queue upload`: one DeskItem per line in protobuf's JSON
// form; blank lines and "# comments" are passed over.
absl::StatusOr<v1::UploadDeskQueueRequest> ReadQueue(const std::string& path) {
  absl::StatusOr<std::vector<std::string>> lines = ReadLines(path);
  if (!lines.ok()) return lines.status();
  v1::UploadDeskQueueRequest request;
  for (size_t i = 0; i < lines->size(); ++i) {
    if (Blank((*lines)[i])) continue;
    const auto parsed = google::protobuf::util::JsonStringToMessage(
        (*lines)[i], request.add_items());
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", i + 1,
                       ": not a DeskItem: ", parsed.message().as_string()));
    }
  }
  if (request.items().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": no items"));
  }
  return request;
}

int QueueUpload(Client* client, const std::string& path) {
  absl::StatusOr<v1::UploadDeskQueueRequest> request = ReadQueue(path);
  if (!request.ok()) return UsageError(request.status().message());
  return client->Call(&Supermarket::UploadDeskQueue, *request);
}

int Figures(Client* client, const std::string& /*operand*/) {
  v1::GetMarketFiguresRequest request;
  request.set_unit(NameFlag(FLAGS_unit, "units"));
  request.set_from_date(absl::GetFlag(FLAGS_from));
  request.set_to_date(absl::GetFlag(FLAGS_to));
  return client->Call(&Supermarket::GetMarketFigures, request);
}

// ---- Volunteer service ------------------------------------------------------

using Activities = v1::ActivityService::Stub;

// --start and its kin: YYYY-MM-DDTHH:MM[:SS] in China Standard Time, or
// RFC 3339 with an offset.
absl::Status SetTime(const absl::Flag<std::string>& flag,
                     google::protobuf::Timestamp* out) {
  const std::string text = absl::GetFlag(flag);
  absl::Time time;
  std::string error;
  const absl::TimeZone china = storage::ChinaStandardTime();
  if (!absl::ParseTime(absl::RFC3339_full, text, &time, &error) &&
      !absl::ParseTime("%Y-%m-%dT%H:%M", text, china, &time, &error) &&
      !absl::ParseTime("%Y-%m-%dT%H:%M:%S", text, china, &time, &error)) {
    return BadFlag(flag, absl::StrCat("must be YYYY-MM-DDTHH:MM (China "
                                      "Standard Time) or RFC 3339, not '",
                                      text, "'"));
  }
  out->set_seconds(absl::ToUnixSeconds(time));
  return absl::OkStatus();
}

int ActivityCreate(Client* client, const std::string& /*operand*/) {
  v1::CreateActivityRequest request;
  v1::Activity* a = request.mutable_activity();
  a->set_unit(NameFlag(FLAGS_unit, "units"));
  a->set_title(absl::GetFlag(FLAGS_title));
  a->set_place(absl::GetFlag(FLAGS_place));
  a->set_description(absl::GetFlag(FLAGS_description));
  SetList(FLAGS_teams, a->mutable_teams(), "teams");
  v1::PointsRule* rule = a->mutable_points_rule();
  int64_t capacity = 0;
  const absl::Status checked = FirstError(
      {SetWord(FLAGS_category, a, &v1::Activity::set_category),
       SetTime(FLAGS_start, a->mutable_start_time()),
       SetTime(FLAGS_end, a->mutable_end_time()),
       SetNumber(FLAGS_points_per_hour, rule,
                 &v1::PointsRule::set_points_per_hour),
       SetNumber(FLAGS_points_per_participation, rule,
                 &v1::PointsRule::set_points_per_participation),
       SetNumber(FLAGS_cap_points, rule, &v1::PointsRule::set_cap_points),
       absl::SimpleAtoi(absl::GetFlag(FLAGS_capacity), &capacity)
           ? absl::OkStatus()
           : BadFlag(FLAGS_capacity, "must be a whole number")});
  a->set_capacity(static_cast<int32_t>(
      std::clamp<int64_t>(capacity, INT32_MIN, INT32_MAX)));
  return Mutate(client, &Activities::CreateActivity, request, checked);
}

int ActivityList(Client* client, const std::string& /*operand*/) {
  v1::ListActivitiesRequest request;
  request.set_unit(NameFlag(FLAGS_unit, "units"));
  return client->List(&Activities::ListActivities, request);
}

// `activity open` and its kin: the status they move the activity to.
template <v1::ActivityStatus kStatus>
int ActivityMove(Client* client, const std::string& name) {
  v1::SetActivityStatusRequest request;
  request.set_name(name);
  request.set_status(kStatus);
  request.set_reason(absl::GetFlag(FLAGS_reason));
  return Mutate(client, &Activities::SetActivityStatus, request,
                absl::OkStatus());
}

int SignUp(Client* client, const std::vector<std::string>& operands) {
  v1::SignUpRequest request;
  request.set_activity(operands[0]);
  request.set_volunteer(operands[1]);
  return Mutate(client, &Activities::SignUp, request, absl::OkStatus());
}

int SignUpCancel(Client* client, const std::vector<std::string>& operands) {
  v1::CancelSignUpRequest request;
  request.set_activity(operands[0]);
  request.set_volunteer(operands[1]);
  return Mutate(client, &Activities::CancelSignUp, request, absl::OkStatus());
}

int CheckInCode(Client* client, const std::string& activity) {
  v1::GetCheckInCodeRequest request;
  request.set_activity(activity);
  return client->Call(&Activities::GetCheckInCode, request);
}

// `checkin` (kIn) or `checkout` by the volunteer with --code, or by staff.
template <bool kIn>
int Check(Client* client, const std::vector<std::string>& operands) {
  v1::CheckInRequest in;
  in.set_activity(operands[0]);
  in.set_volunteer(operands[1]);
  in.set_code(absl::GetFlag(FLAGS_code));
  if (kIn) return Mutate(client, &Activities::CheckIn, in, absl::OkStatus());
  v1::CheckOutRequest out;
  out.set_activity(in.activity());
  out.set_volunteer(in.volunteer());
  out.set_code(in.code());
  return Mutate(client, &Activities::CheckOut, out, absl::OkStatus());
}

// `checkin organiser` and `checkout organiser`: a list of volunteers.
template <bool kIn>
int OrganiserCheck(Client* client, const std::vector<std::string>& operands) {
  v1::OrganiserCheckRequest request;
  request.set_activity(operands[0]);
  for (size_t i = 1; i < operands.size(); ++i) {
    request.add_volunteers(operands[i]);
  }
  request.set_check_in(kIn);
  return Mutate(client, &Activities::OrganiserCheck, request, absl::OkStatus());
}

int SettleCheckOut(Client* client, const std::vector<std::string>& operands) {
  v1::SettleCheckOutRequest request;
  request.set_activity(operands[0]);
  request.set_volunteer(operands[1]);
  request.set_reason(absl::GetFlag(FLAGS_reason));
  return Mutate(client, &Activities::SettleCheckOut, request,
                SetTime(FLAGS_at, request.mutable_check_out_time()));
}

// `hours confirm ACTIVITY volunteers/3=90 ...`: minutes that differ.
int HoursConfirm(Client* client, const std::vector<std::string>& operands) {
  v1::ConfirmHoursRequest request;
  request.set_activity(operands[0]);
  for (size_t i = 1; i < operands.size(); ++i) {
    const std::vector<std::string> parts =
        absl::StrSplit(operands[i], absl::MaxSplits('=', 1));
    int64_t minutes = 0;
    if (parts.size() != 2 || !absl::SimpleAtoi(parts[1], &minutes)) {
      return UsageError(absl::StrCat("'", operands[i],
                                     "' is not VOLUNTEER=MINUTES, e.g. "
                                     "volunteers/3=90"));
    }
    v1::HoursAdjustment* adjustment = request.add_adjustments();
    adjustment->set_volunteer(Normalize(parts[0], "volunteers"));
    adjustment->set_minutes(minutes);
  }
  return Mutate(client, &Activities::ConfirmHours, request, absl::OkStatus());
}

int RecordCorrect(Client* client, const std::string& record) {
  v1::CorrectRecordRequest request;
  request.set_record(record);
  request.set_reason(absl::GetFlag(FLAGS_reason));
  return Mutate(client, &Activities::CorrectRecord, request,
                SetNumber(FLAGS_minutes, &request,
                          &v1::CorrectRecordRequest::set_minutes));
}

int ServiceFigures(Client* client, const std::string& /*operand*/) {
  v1::GetServiceFiguresRequest request;
  const std::string scope = absl::GetFlag(FLAGS_scope);
  request.set_scope(
      absl::StartsWith(scope, "teams/") ? scope : Normalize(scope, "units"));
  request.set_from_date(absl::GetFlag(FLAGS_from));
  request.set_to_date(absl::GetFlag(FLAGS_to));
  return client->Call(&Activities::GetServiceFigures, request);
}

int Certificate(Client* client, const std::string& volunteer) {
  v1::IssueCertificateRequest request;
  request.set_volunteer(volunteer);
  request.set_from_date(absl::GetFlag(FLAGS_from));
  request.set_to_date(absl::GetFlag(FLAGS_to));
  return Mutate(client, &Activities::IssueCertificate, request,
                absl::OkStatus());
}

int CertificateVerify(Client* client, const std::string& code) {
  v1::VerifyCertificateRequest request;
  request.set_verification_code(code);
  return client->Call(&Activities::VerifyCertificate, request);
}

// ---- Paper point cards ---------------------------------------------------

using Cards = v1::PointCardService::Stub;

int CardIssue(Client* client, const std::string& unit) {
  v1::IssueCardsRequest request;
  request.set_unit(unit);
  request.set_note(absl::GetFlag(FLAGS_note));
  int64_t count = 0;
  const std::string text = absl::GetFlag(FLAGS_count);
  absl::Status checked = absl::OkStatus();
  if (!absl::SimpleAtoi(text, &count) || count < INT32_MIN ||
      count > INT32_MAX) {
    checked = BadFlag(FLAGS_count,
                      absl::StrCat("must be a whole number, not '", text, "'"));
  } else {
    request.set_count(static_cast<int32_t>(count));
  }
  return Mutate(
      client, &Cards::IssueCards, request,
      FirstError({checked, SetNumber(FLAGS_points, &request,
                                     &v1::IssueCardsRequest::set_points)}));
}

int CardList(Client* client, const std::string& unit) {
  v1::ListCardsRequest request;
  request.set_unit(unit);
  std::string error;
  request.set_state(ParseWord<v1::CardState>(FLAGS_state, &error));
  if (!error.empty()) return UsageError(error);
  return client->List(&Cards::ListCards, request);
}

int CardVoid(Client* client, const std::string& name) {
  v1::VoidCardRequest request;
  request.set_name(name);
  request.set_reason(absl::GetFlag(FLAGS_reason));
  return Mutate(client, &Cards::VoidCard, request, absl::OkStatus());
}

int CardRedeem(Client* client, const std::vector<std::string>& operands) {
  v1::RedeemCardRequest request;
  request.set_number(operands[0]);
  request.set_household(operands[1]);
  return Mutate(client, &Cards::RedeemCard, request, absl::OkStatus());
}

// ---- Points policy ---------------------------------------------------------

using Policy = v1::PolicyService::Stub;

// As SetNumber, for an int32 field (the server judges the bounds).
template <typename Message>
absl::Status SetInt32(const absl::Flag<std::string>& flag, Message* message,
                      void (Message::*set)(int32_t)) {
  const std::string text = absl::GetFlag(flag);
  int32_t number = 0;
  if (text.empty()) return absl::OkStatus();
  if (!absl::SimpleAtoi(text, &number)) {
    return BadFlag(flag,
                   absl::StrCat("must be a whole number, not '", text, "'"));
  }
  (message->*set)(number);
  return absl::OkStatus();
}

// --star_hours=100,300,600 -> the hours of levels 1, 2 and 3. Without the
// flag the policy has no star_levels at all, so they are inherited (an
// empty list would be refused).
absl::Status SetStarHours(v1::UnitPolicy* policy) {
  if (absl::GetFlag(FLAGS_star_hours).empty()) return absl::OkStatus();
  v1::StarLevels* levels = policy->mutable_star_levels();
  for (absl::string_view item : absl::StrSplit(absl::GetFlag(FLAGS_star_hours),
                                               ',', absl::SkipWhitespace())) {
    int32_t hours = 0;
    if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(item), &hours)) {
      return BadFlag(FLAGS_star_hours,
                     absl::StrCat("takes whole numbers of hours, e.g. "
                                  "100,300,600, not '",
                                  item, "'"));
    }
    levels->add_hours(hours);
  }
  return absl::OkStatus();
}

// `policy set`: the unit's own settings, in full; those not given are
// inherited from the unit above.
int PolicySet(Client* client, const std::string& unit) {
  v1::SetUnitPolicyRequest request;
  v1::UnitPolicy* policy = request.mutable_policy();
  policy->set_unit(unit);
  SetText(FLAGS_reset_date, policy->mutable_expiry()->mutable_reset_date());
  return Mutate(
      client, &Policy::SetUnitPolicy, request,
      FirstError({SetInt32(FLAGS_deadline_days, policy,
                           &v1::UnitPolicy::set_recording_deadline_days),
                  SetWord(FLAGS_expiry, policy->mutable_expiry(),
                          &v1::ExpiryPolicy::set_mode),
                  SetInt32(FLAGS_expiry_days, policy->mutable_expiry(),
                           &v1::ExpiryPolicy::set_days),
                  SetStarHours(policy),
                  SetYesNo(FLAGS_anonymous_rankings, policy,
                           &v1::UnitPolicy::set_anonymous_rankings)}));
}

int PolicyGet(Client* client, const std::string& unit) {
  v1::GetUnitPolicyRequest request;
  request.set_unit(unit);
  return client->Call(&Policy::GetUnitPolicy, request);
}

int ApprovalList(Client* client, const std::string& unit) {
  v1::ListApprovalsRequest request;
  request.set_unit(unit);
  std::string error;
  request.set_state(ParseWord<v1::ApprovalState>(FLAGS_state, &error));
  if (!error.empty()) return UsageError(error);
  return client->List(&Policy::ListApprovals, request);
}

// `approval approve` and `approval reject`.
template <auto kMethod>
int ApprovalDecide(Client* client, const std::string& name) {
  v1::DecideApprovalRequest request;
  request.set_name(name);
  request.set_note(absl::GetFlag(FLAGS_note));
  return Mutate(client, kMethod, request, absl::OkStatus());
}

int ExpiryPreview(Client* client, const std::string& unit) {
  v1::PreviewExpiryRequest request;
  request.set_unit(unit);
  request.set_as_of(absl::GetFlag(FLAGS_as_of));
  return client->List(&Policy::PreviewExpiry, request);
}

int ExpiryRun(Client* client, const std::string& unit) {
  v1::RunExpiryRequest request;
  request.set_unit(unit);
  request.set_as_of(absl::GetFlag(FLAGS_as_of));
  return Mutate(client, &Policy::RunExpiry, request, absl::OkStatus());
}

int ExpiryRuns(Client* client, const std::string& unit) {
  v1::ListExpiryRunsRequest request;
  request.set_unit(unit);
  return client->Call(&Policy::ListExpiryRuns, request);
}

int Honour(Client* client, const std::string& subject) {
  v1::GetHonourRequest request;
  request.set_subject(subject);
  return client->Call(&Policy::GetHonour, request);
}

int Rankings(Client* client, const std::string& unit) {
  v1::GetRankingsRequest request;
  request.set_unit(unit);
  request.set_from_date(absl::GetFlag(FLAGS_from));
  request.set_to_date(absl::GetFlag(FLAGS_to));
  const absl::Status checked = FirstError(
      {SetWord(FLAGS_subject, &request, &v1::GetRankingsRequest::set_subject),
       SetWord(FLAGS_measure, &request, &v1::GetRankingsRequest::set_measure),
       SetInt32(FLAGS_limit, &request, &v1::GetRankingsRequest::set_limit)});
  if (!checked.ok()) return UsageError(checked.message());
  return client->Call(&Policy::GetRankings, request);
}

// ---- The command table ----------------------------------------------------

struct Command {
  absl::string_view noun;
  absl::string_view verb;  // "" for one-word commands
  // "ACCOUNT", "QUERY", ... (kCollections says which name records), "" for
  // none, "[SEQUENCE]" for an optional one, "RULE HOUSEHOLD" for two,
  // "GOOD=QUANTITY ..." for one or more.
  absl::string_view operand;
  // The command's flags as the usage shows them. They are also the rule:
  // the ones in [brackets] are optional, the others required and not
  // empty unless their value is in brackets ("--care=[CODE,...]"), and no
  // other command flag is allowed.
  absl::string_view flags;
  absl::Duration default_timeout;
  int (*run)(Client* client, const std::string& operand);
  // Calls without a token (login, health).
  bool anonymous = false;
  // Instead of run, for commands of several operands (award, redeem): gets
  // them all.
  int (*run_all)(Client* client,
                 const std::vector<std::string>& operands) = nullptr;
};

constexpr absl::Duration kCallTimeout = absl::Seconds(10);
// An audit reads the whole ledger.
constexpr absl::Duration kAuditTimeout = absl::Minutes(10);
// A backup carries the whole store.
constexpr absl::Duration kBackupTimeout = absl::Hours(1);
constexpr absl::string_view kPagingFlags =
    "[--page_size=N] [--page_token=T] [--all]";

using Access = AccessService::Stub;
using Organization = OrganizationService::Stub;
using Registry = RegistryService::Stub;
using Volunteers = VolunteerService::Stub;
using Ledger = LedgerService::Stub;

constexpr Command kCommands[] = {
    {"login", "", "LOGIN", "[--print_token]", kCallTimeout, Login, true},
    {"logout", "", "", "", kCallTimeout, Logout},
    {"whoami", "", "", "", kCallTimeout, Ask<&Access::WhoAmI>},
    {"password", "", "", "", kCallTimeout, ChangePassword},
    {"operator", "create", "",
     "--login=LOGIN --display_name=NAME "
     "--role=admin|auditor|desk|organizer|member|group_leader [--scope=UNIT] "
     "[--person=PERSON] [--request_id=ID]",
     kCallTimeout, OperatorCreate},
    {"operator", "get", "OPERATOR", "", kCallTimeout,
     Get<&Access::GetOperator>},
    {"operator", "list", "", kPagingFlags, kCallTimeout,
     ListOf<&Access::ListOperators>},
    {"operator", "disable", "OPERATOR", "[--request_id=ID]", kCallTimeout,
     OperatorDisable},
    {"unit", "create", "",
     "--code=CODE --display_name=NAME --level=county|township|village "
     "[--parent=UNIT] [--request_id=ID]",
     kCallTimeout, UnitCreate},
    {"unit", "rename", "UNIT", "--display_name=NAME [--request_id=ID]",
     kCallTimeout, UnitRename},
    {"unit", "get", "UNIT", "", kCallTimeout, Get<&Organization::GetUnit>},
    {"unit", "list", "[PARENT]", kPagingFlags, kCallTimeout,
     ListOf<&Organization::ListUnits, &v1::ListUnitsRequest::mutable_parent>},
    {"unit", "walk", "ROOT", kPagingFlags, kCallTimeout,
     ListOf<&Organization::WalkUnits, &v1::WalkUnitsRequest::mutable_root>},
    {"household", "create", "",
     "--village=UNIT --number=N --address=TEXT --head_name=NAME "
     "[--head_phone=PHONE] [--head_resident_id=ID] "
     "[--head_gender=female|male] [--head_birth_year=YEAR] "
     "[--care=CODE,...] [--request_id=ID]",
     kCallTimeout, HouseholdCreate},
    {"household", "get", "HOUSEHOLD", "", kCallTimeout,
     Get<&Registry::GetHousehold>},
    {"household", "list", "VILLAGE", kPagingFlags, kCallTimeout,
     ListOf<&Registry::ListHouseholds,
            &v1::ListHouseholdsRequest::mutable_village>},
    {"household", "search", "QUERY",
     "[--unit=UNIT] [--page_size=N] [--page_token=T] [--all]", kCallTimeout,
     HouseholdSearch},
    {"household", "care", "HOUSEHOLD", "--care=[CODE,...] [--request_id=ID]",
     kCallTimeout, HouseholdCare},
    {"person", "create", "",
     "--household=HOUSEHOLD --full_name=NAME [--phone=PHONE] "
     "[--resident_id=ID] [--gender=female|male] [--birth_year=YEAR] "
     "[--request_id=ID]",
     kCallTimeout, PersonCreate},
    {"person", "get", "PERSON", "", kCallTimeout, Get<&Registry::GetPerson>},
    {"person", "move", "PERSON", "--household=HOUSEHOLD [--request_id=ID]",
     kCallTimeout, PersonMove},
    {"category", "create", "",
     "--code=CODE --display_name=NAME [--request_id=ID]", kCallTimeout,
     CategoryCreate},
    {"category", "list", "", "", kCallTimeout,
     Ask<&Registry::ListCareCategories>},
    {"volunteer", "enroll", "PERSON",
     "--join_date=YYYY-MM-DD [--skills=SKILL,...] [--request_id=ID]",
     kCallTimeout, VolunteerEnroll},
    {"volunteer", "get", "VOLUNTEER", "", kCallTimeout,
     Get<&Volunteers::GetVolunteer>},
    {"volunteer", "status", "VOLUNTEER",
     "--status=active|suspended --reason=TEXT [--request_id=ID]", kCallTimeout,
     VolunteerStatus},
    {"team", "create", "",
     "--unit=UNIT --display_name=NAME --leader=VOLUNTEER --date=YYYY-MM-DD "
     "[--request_id=ID]",
     kCallTimeout, TeamCreate},
    {"team", "get", "TEAM", "", kCallTimeout, Get<&Volunteers::GetTeam>},
    {"team", "list", "UNIT", kPagingFlags, kCallTimeout,
     ListOf<&Volunteers::ListTeams, &v1::ListTeamsRequest::mutable_unit>},
    {"team", "join", "TEAM",
     "--volunteer=VOLUNTEER --date=YYYY-MM-DD [--request_id=ID]", kCallTimeout,
     TeamMembership<&Volunteers::JoinTeam>},
    {"team", "leave", "TEAM",
     "--volunteer=VOLUNTEER --date=YYYY-MM-DD [--request_id=ID]", kCallTimeout,
     TeamMembership<&Volunteers::LeaveTeam>},
    {"account", "open", "",
     "--kind=supermarket --display_name=NAME --unit=UNIT [--request_id=ID]",
     kCallTimeout, AccountOpen},
    {"account", "get", "ACCOUNT", "", kCallTimeout, Get<&Ledger::GetAccount>},
    {"account", "list", "",
     "[--unit=UNIT] [--page_size=N] [--page_token=T] [--all]", kCallTimeout,
     AccountList},
    {"transfer", "create", "",
     "--debit=ACCOUNT --credit=ACCOUNT --amount=N --reason=CODE [--memo=TEXT] "
     "[--request_id=ID]",
     kCallTimeout, TransferCreate},
    {"transfer", "get", "TRANSFER", "", kCallTimeout,
     Get<&Ledger::GetTransfer>},
    {"transfer", "reverse", "TRANSFER", "[--memo=TEXT] [--request_id=ID]",
     kCallTimeout, TransferReverse},
    {"history", "", "ACCOUNT", kPagingFlags, kCallTimeout,
     ListOf<&Ledger::ListAccountHistory,
            &v1::ListAccountHistoryRequest::mutable_account>},
    {"digest", "", "[SEQUENCE]", "", kCallTimeout, Digest},
    {"audit", "", "", "", kAuditTimeout, Ask<&AuditService::Stub::RunAudit>},
    {"backup", "", "DIR", "", kBackupTimeout, Backup},
    // The default service "" is the whole server.
    {"health", "", "", "", kCallTimeout, Ask<&Health::Stub::Check>, true},
    {"rule", "publish", "",
     "--unit=UNIT --code=CODE --display_name=NAME "
     "--category=hygiene|garbage_sorting|changing_customs|village_governance|"
     "volunteer_service|honours --points=N [--cap_period=none|month|year] "
     "[--cap_points=N] --valid_from=YYYY-MM-DD [--valid_to=YYYY-MM-DD] "
     "[--deduction] [--request_id=ID]",
     kCallTimeout, RulePublish},
    {"rule", "revise", "RULE",
     "[--display_name=NAME] [--category=CATEGORY] [--points=N] "
     "[--cap_period=none|month|year] [--cap_points=N] "
     "[--valid_from=YYYY-MM-DD] [--valid_to=YYYY-MM-DD|open] "
     "[--request_id=ID]",
     kCallTimeout,
     Revise<&Supermarket::GetRule, &Supermarket::ReviseRule,
            &v1::ReviseRuleRequest::mutable_rule>},
    {"rule", "get", "RULE", "[--version=K]", kCallTimeout, RuleGet},
    {"rule", "list", "", "--unit=UNIT [--valid_on=YYYY-MM-DD]", kCallTimeout,
     RuleList},
    // Before "award", which would take "batch" for a rule.
    {"award", "batch", "FILE",
     "[--event_date=YYYY-MM-DD] [--late_reason=TEXT] [--request_id=ID]",
     kCallTimeout, AwardBatch},
    {"award", "", "RULE HOUSEHOLD",
     "--note=TEXT [--event_date=YYYY-MM-DD] [--late_reason=TEXT] "
     "[--request_id=ID]",
     kCallTimeout, nullptr, false, Award},
    {"site", "create", "",
     "--unit=UNIT --display_name=NAME --villages=UNIT,... [--request_id=ID]",
     kCallTimeout, SiteCreate},
    {"site", "get", "SITE", "", kCallTimeout, Get<&Supermarket::GetSite>},
    {"site", "list", "", "--unit=UNIT", kCallTimeout, SiteList},
    {"good", "add", "",
     "--site=SITE --display_name=NAME --measure=WORD --price=N "
     "[--request_id=ID]",
     kCallTimeout, GoodAdd},
    {"good", "revise", "GOOD",
     "[--display_name=NAME] [--measure=WORD] [--price=N] [--active=yes|no] "
     "[--request_id=ID]",
     kCallTimeout,
     Revise<&Supermarket::GetGood, &Supermarket::ReviseGood,
            &v1::ReviseGoodRequest::mutable_good>},
    {"good", "get", "GOOD", "", kCallTimeout, Get<&Supermarket::GetGood>},
    {"good", "list", "", "--site=SITE [--include_inactive]", kCallTimeout,
     GoodList},
    {"stock", "in", "GOOD",
     "--quantity=N --kind=donation|purchase [--note=TEXT] [--request_id=ID]",
     kCallTimeout, StockIn},
    {"stock", "adjust", "GOOD",
     "--change=N --kind=loss|damage|correction --note=TEXT [--request_id=ID]",
     kCallTimeout, StockAdjust},
    {"stock", "list", "GOOD", kPagingFlags, kCallTimeout,
     ListOf<&Supermarket::ListStockMovements,
            &v1::ListStockMovementsRequest::mutable_good>},
    {"redeem", "", "GOOD=QUANTITY ...",
     "--site=SITE --household=HOUSEHOLD [--request_id=ID]", kCallTimeout,
     nullptr, false, Redeem},
    {"redemption", "void", "REDEMPTION", "--reason=TEXT [--request_id=ID]",
     kCallTimeout, RedemptionVoid},
    {"redemption", "get", "REDEMPTION", "", kCallTimeout,
     Get<&Supermarket::GetRedemption>},
    {"redemption", "list", "",
     "--site=SITE [--page_size=N] [--page_token=T] [--all]", kCallTimeout,
     RedemptionList},
    {"receipt", "", "REDEMPTION", "[--width=N]", kCallTimeout, Receipt},
    {"stocktake", "record", "SITE GOOD=COUNT ...",
     "--counter=NAME --reason=TEXT [--request_id=ID]", kCallTimeout, nullptr,
     false, StocktakeRecord},
    {"stocktake", "get", "STOCKTAKE", "", kCallTimeout,
     Get<&Supermarket::GetStocktake>},
    {"stocktake", "list", "SITE", kPagingFlags, kCallTimeout,
     ListOf<&Supermarket::ListStocktakes,
            &v1::ListStocktakesRequest::mutable_site>},
    {"queue", "upload", "FILE", "", kCallTimeout, QueueUpload},
    {"statement", "", "HOUSEHOLD", kPagingFlags, kCallTimeout,
     ListOf<&Supermarket::GetStatement,
            &v1::GetStatementRequest::mutable_household>},
    {"figures", "", "", "--unit=UNIT --from=YYYY-MM-DD --to=YYYY-MM-DD",
     kCallTimeout, Figures},
    {"activity", "create", "",
     "--unit=UNIT --title=TEXT --category=WORD --place=TEXT --start=TIME "
     "--end=TIME --capacity=N [--teams=TEAM,...] [--description=TEXT] "
     "[--points_per_hour=N] [--points_per_participation=N] [--cap_points=N] "
     "[--request_id=ID]",
     kCallTimeout, ActivityCreate},
    {"activity", "get", "ACTIVITY", "", kCallTimeout,
     Get<&Activities::GetActivity>},
    {"activity", "list", "",
     "--unit=UNIT [--page_size=N] [--page_token=T] "
     "[--all]",
     kCallTimeout, ActivityList},
    {"activity", "open", "ACTIVITY", "[--request_id=ID]", kCallTimeout,
     ActivityMove<v1::ACTIVITY_STATUS_OPEN>},
    {"activity", "start", "ACTIVITY", "[--request_id=ID]", kCallTimeout,
     ActivityMove<v1::ACTIVITY_STATUS_IN_PROGRESS>},
    {"activity", "close", "ACTIVITY", "[--request_id=ID]", kCallTimeout,
     ActivityMove<v1::ACTIVITY_STATUS_CLOSED>},
    {"activity", "cancel", "ACTIVITY", "--reason=TEXT [--request_id=ID]",
     kCallTimeout, ActivityMove<v1::ACTIVITY_STATUS_CANCELLED>},
    {"signup", "cancel", "ACTIVITY VOLUNTEER", "[--request_id=ID]",
     kCallTimeout, nullptr, false, SignUpCancel},
    {"signup", "", "ACTIVITY VOLUNTEER", "[--request_id=ID]", kCallTimeout,
     nullptr, false, SignUp},
    {"checkin", "code", "ACTIVITY", "", kCallTimeout, CheckInCode},
    {"checkin", "organiser", "ACTIVITY VOLUNTEER ...", "[--request_id=ID]",
     kCallTimeout, nullptr, false, OrganiserCheck<true>},
    {"checkin", "", "ACTIVITY VOLUNTEER", "[--code=DIGITS] [--request_id=ID]",
     kCallTimeout, nullptr, false, Check<true>},
    {"checkout", "organiser", "ACTIVITY VOLUNTEER ...", "[--request_id=ID]",
     kCallTimeout, nullptr, false, OrganiserCheck<false>},
    {"checkout", "settle", "ACTIVITY VOLUNTEER",
     "--at=TIME --reason=TEXT [--request_id=ID]", kCallTimeout, nullptr, false,
     SettleCheckOut},
    {"checkout", "", "ACTIVITY VOLUNTEER", "[--code=DIGITS] [--request_id=ID]",
     kCallTimeout, nullptr, false, Check<false>},
    {"participations", "", "ACTIVITY", kPagingFlags, kCallTimeout,
     ListOf<&Activities::ListParticipations,
            &v1::ListParticipationsRequest::mutable_activity>},
    {"hours", "confirm", "ACTIVITY [VOLUNTEER=MINUTES]...", "[--request_id=ID]",
     kCallTimeout, nullptr, false, HoursConfirm},
    {"record", "correct", "RECORD",
     "--minutes=N --reason=TEXT [--request_id=ID]", kCallTimeout,
     RecordCorrect},
    {"archive", "", "VOLUNTEER", kPagingFlags, kCallTimeout,
     ListOf<&Activities::GetArchive,
            &v1::GetArchiveRequest::mutable_volunteer>},
    {"service", "figures", "",
     "--scope=UNIT|TEAM --from=YYYY-MM-DD --to=YYYY-MM-DD", kCallTimeout,
     ServiceFigures},
    {"certificate", "verify", "CODE", "", kCallTimeout, CertificateVerify},
    {"card", "issue", "UNIT",
     "--count=N --points=N --note=TEXT [--request_id=ID]", kCallTimeout,
     CardIssue},
    {"card", "get", "CARD", "", kCallTimeout, Get<&Cards::GetCard>},
    {"card", "list", "UNIT",
     "[--state=outstanding|redeemed|voided] [--page_size=N] [--page_token=T] "
     "[--all]",
     kCallTimeout, CardList},
    {"card", "void", "CARD", "--reason=TEXT [--request_id=ID]", kCallTimeout,
     CardVoid},
    {"card", "redeem", "NUMBER HOUSEHOLD", "[--request_id=ID]", kCallTimeout,
     nullptr, false, CardRedeem},
    {"certificate", "", "VOLUNTEER",
     "--from=YYYY-MM-DD --to=YYYY-MM-DD [--request_id=ID]", kCallTimeout,
     Certificate},
    {"policy", "set", "UNIT",
     "[--deadline_days=N] [--expiry=never|after_days|year_end|reset_date] "
     "[--expiry_days=N] [--reset_date=MM-DD] [--star_hours=H,...] "
     "[--anonymous_rankings=true|false] [--request_id=ID]",
     kCallTimeout, PolicySet},
    {"policy", "get", "UNIT", "", kCallTimeout, PolicyGet},
    {"approval", "list", "UNIT",
     "[--state=pending|approved|rejected] [--page_size=N] [--page_token=T] "
     "[--all]",
     kCallTimeout, ApprovalList},
    {"approval", "get", "APPROVAL", "", kCallTimeout,
     Get<&Policy::GetApproval>},
    {"approval", "approve", "APPROVAL", "[--note=TEXT] [--request_id=ID]",
     kCallTimeout, ApprovalDecide<&Policy::ApproveEntry>},
    {"approval", "reject", "APPROVAL", "--note=TEXT [--request_id=ID]",
     kCallTimeout, ApprovalDecide<&Policy::RejectEntry>},
    {"expiry", "preview", "UNIT",
     "[--as_of=YYYY-MM-DD] [--page_size=N] [--page_token=T] [--all]",
     kCallTimeout, ExpiryPreview},
    {"expiry", "run", "UNIT", "[--as_of=YYYY-MM-DD] [--request_id=ID]",
     kAuditTimeout, ExpiryRun},
    {"expiry", "runs", "UNIT", "", kCallTimeout, ExpiryRuns},
    {"honour", "", "SUBJECT", "", kCallTimeout, Honour},
    {"rankings", "", "UNIT",
     "--subject=households|volunteers --measure=honour|hours "
     "--from=YYYY-MM-DD --to=YYYY-MM-DD [--limit=N]",
     kCallTimeout, Rankings},
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
      "usage: jiamei [--server=HOST:PORT] [--token=TOKEN] [--json] "
      "[--timeout=DURATION]\n"
      "    [--tls | --tls_ca=FILE] [--tls_cert=FILE --tls_key=FILE] "
      "[--tls_server_name=NAME] COMMAND ...\n\ncommands:\n";
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

// ---- Checking a command line ----------------------------------------------

// The names of the flags on the command line ("all" for --noall).
using GivenFlags = std::set<std::string, std::less<>>;

struct FlagUse {
  absl::string_view name;
  bool required;
  bool may_be_empty;
};

// The flags in a command's synopsis: "[--memo=TEXT]" is an optional "memo",
// "--care=[CODE,...]" a required "care" that may be empty.
std::vector<FlagUse> FlagsOf(const Command& command) {
  std::vector<FlagUse> flags;
  for (absl::string_view word :
       absl::StrSplit(command.flags, ' ', absl::SkipEmpty())) {
    const bool optional = absl::ConsumePrefix(&word, "[");
    absl::ConsumePrefix(&word, "--");
    flags.push_back({word.substr(0, word.find_first_of("=]")), !optional,
                     absl::StrContains(word, "=[")});
  }
  return flags;
}

bool FlagIsEmpty(absl::string_view name) {
  const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
  return flag == nullptr || flag->CurrentValue().empty();
}

// Why the command-specific flags given do not suit `command`, or "".
// Refusing flags that do not apply keeps a mistaken command from doing
// something else than was meant: `transfer reverse 9 --amount=3` reverses
// all of transfer 9, not 3 points of it.
std::string FlagMisuse(const Command& command, const GivenFlags& given) {
  const std::vector<FlagUse> own = FlagsOf(command);
  for (const FlagUse& flag : own) {
    const bool missing = given.count(flag.name) == 0 ||
                         (!flag.may_be_empty && FlagIsEmpty(flag.name));
    if (flag.required && missing) {
      return absl::StrCat("--", flag.name, " is required");
    }
  }
  for (const Command& other : kCommands) {
    for (const FlagUse& flag : FlagsOf(other)) {
      const bool allowed = absl::c_any_of(
          own, [&](const FlagUse& mine) { return mine.name == flag.name; });
      if (!allowed && given.count(flag.name) > 0) {
        return absl::StrCat("--", flag.name, " does not apply to this command");
      }
    }
  }
  return "";
}

// The operands `command` names: {"RULE", "HOUSEHOLD"}, {"[PARENT]"}.
std::vector<absl::string_view> Placeholders(const Command& command) {
  std::vector<absl::string_view> words =
      absl::StrSplit(command.operand, ' ', absl::SkipEmpty());
  if (!words.empty() && words.back() == "...") words.pop_back();
  return words;
}

// The placeholder of operand `i`: the last one repeats ("GOOD=QUANTITY
// ...").
absl::string_view PlaceholderOf(const Command& command, size_t i) {
  const std::vector<absl::string_view> words = Placeholders(command);
  return words.empty() ? "" : words[std::min(i, words.size() - 1)];
}

// Why `command` cannot run with `operands` and the flags given, or "".
std::string Misuse(const Command& command,
                   const std::vector<std::string>& operands,
                   const GivenFlags& given) {
  const std::vector<absl::string_view> wanted = Placeholders(command);
  const size_t required = absl::c_count_if(
      wanted, [](absl::string_view word) { return word[0] != '['; });
  if (operands.size() < required) {
    return absl::StrCat("missing ", wanted[operands.size()]);
  }
  if (operands.size() > wanted.size() &&
      !absl::EndsWith(command.operand, "...")) {
    return absl::StrCat("unexpected argument '", operands[wanted.size()], "'");
  }
  if (absl::GetFlag(FLAGS_timeout) < absl::ZeroDuration()) {
    return "--timeout must not be negative";
  }
  return FlagMisuse(command, given);
}

std::string ServerAddress() {
  const std::string server = absl::GetFlag(FLAGS_server);
  if (!server.empty()) return server;
  const char* env = std::getenv("JIAMEI_SERVER");
  return env != nullptr && *env != '\0' ? env : "127.0.0.1:7070";
}

// Runs `command` on its operands, with the token unless the command goes
// without.
int RunCommand(const Command& command,
               const std::vector<std::string>& operands) {
  absl::Duration timeout = absl::GetFlag(FLAGS_timeout);
  if (timeout == absl::ZeroDuration()) timeout = command.default_timeout;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      clients::ChannelFromFlags(ServerAddress());
  if (!channel.ok()) return UsageError(channel.status().message());
  Client client(*channel, timeout, command.anonymous ? "" : Token());
  std::vector<std::string> names;
  for (size_t i = 0; i < operands.size(); ++i) {
    names.push_back(
        Normalize(operands[i], CollectionOf(PlaceholderOf(command, i))));
  }
  if (command.run_all != nullptr) return command.run_all(&client, names);
  return command.run(&client, names.empty() ? "" : names.front());
}

// Runs the command `args` (the positional arguments) name.
int Run(const std::vector<std::string>& args, const GivenFlags& given) {
  if (args.empty() || args[0] == "help") return Help();
  for (const Command& command : kCommands) {
    const size_t words = Match(command, args);
    if (words == 0) continue;
    const std::vector<std::string> operands(args.begin() + words, args.end());
    if (std::string misuse = Misuse(command, operands, given);
        !misuse.empty()) {
      return UsageError(
          absl::StrCat(misuse, "\nusage: jiamei ", Synopsis(command)));
    }
    return RunCommand(command, operands);
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

// The flag "--name=value", "--name" or "--noname" sets: "name".
std::string FlagName(absl::string_view arg) {
  absl::string_view name = WithoutDashes(arg);
  name = name.substr(0, name.find('='));
  if (absl::FindCommandLineFlag(name) == nullptr) {
    absl::ConsumePrefix(&name, "no");
  }
  return std::string(name);
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
// Collects the names of the flags given in `given`. Returns the exit code
// if the program is to stop.
std::optional<int> CheckFlags(int argc, char** argv, GivenFlags* given) {
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (arg == "--") break;                         // the rest is positional
    if (arg.size() < 2 || arg[0] != '-') continue;  // positional
    // absl's --help and its kin would exit 1 after printing only the flags.
    if (absl::StartsWith(WithoutDashes(arg), "help")) return Help();
    given->insert(FlagName(arg));
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
  jiamei::cli::GivenFlags given;
  if (std::optional<int> exit_code =
          jiamei::cli::CheckFlags(argc, argv, &given)) {
    return *exit_code;
  }
  const std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  return jiamei::cli::Run(
      std::vector<std::string>(positional.begin() + 1, positional.end()),
      given);
}
