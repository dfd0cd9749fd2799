#include "clients/cli_output.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "clients/status_text.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "google/protobuf/util/json_util.h"

namespace jiamei::cli {
namespace {

using Field = std::pair<absl::string_view, std::string>;
template <typename T>
using Repeated = google::protobuf::RepeatedPtrField<T>;

// "key: value" lines with the values lined up, so a person can scan them.
void PrintFields(const std::vector<Field>& fields) {
  size_t width = 0;
  for (const auto& [key, value] : fields) width = std::max(width, key.size());
  for (const auto& [key, value] : fields) {
    std::cout << key << ":";
    if (!value.empty()) {
      std::cout << std::string(width - key.size() + 1, ' ') << value;
    }
    std::cout << "\n";
  }
}

// Adds a field that is not always there (an optional phone, a parent).
void AddIfSet(std::vector<Field>* fields, absl::string_view key,
              std::string value) {
  if (!value.empty()) fields->emplace_back(key, std::move(value));
}

struct Column {
  absl::string_view title;
  bool right_aligned;  // numbers, so that their digits line up
};
using Row = std::vector<std::string>;

void PrintRow(const std::vector<Column>& columns,
              const std::vector<size_t>& widths, const Row& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    const std::string padding(widths[i] - cells[i].size(), ' ');
    const bool last = i + 1 == cells.size();
    if (i > 0) line += "  ";
    if (columns[i].right_aligned) {
      absl::StrAppend(&line, padding, cells[i]);
    } else {
      absl::StrAppend(&line, cells[i], last ? "" : padding);
    }
  }
  // An empty last cell would leave the padding before it hanging.
  std::cout << absl::StripTrailingAsciiWhitespace(line) << "\n";
}

// A header and the rows, each column as wide as its widest cell. Free text
// (names, memos) goes in the last column, where its width on screen, which
// is not its length in bytes, cannot misalign the others.
void PrintTable(const std::vector<Column>& columns,
                const std::vector<Row>& rows) {
  Row header;
  std::vector<size_t> widths;
  for (const Column& column : columns) {
    header.emplace_back(column.title);
    widths.push_back(column.title.size());
  }
  for (const Row& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  PrintRow(columns, widths, header);
  for (const Row& row : rows) PrintRow(columns, widths, row);
}

// A table cell: "-" for nothing, so that every row has all its columns.
std::string Cell(std::string value) {
  return value.empty() ? "-" : std::move(value);
}

// Without --all a list shows one page; say how to get the next one.
void PrintNextPageToken(const std::string& token) {
  if (!token.empty()) std::cout << "next_page_token: " << token << "\n";
}

// RFC 3339 in the local time zone, to the second: what the desk clock says.
std::string Time(const google::protobuf::Timestamp& time) {
  return absl::FormatTime(
      absl::RFC3339_sec,
      absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos()),
      absl::LocalTimeZone());
}

// AccountKind -> "ACCOUNT_KIND_", the prefix of its values' names.
std::string ValuePrefix(const google::protobuf::EnumDescriptor& type) {
  std::string prefix;
  for (const char c : type.name()) {
    if (absl::ascii_isupper(static_cast<unsigned char>(c)) && !prefix.empty()) {
      prefix += '_';
    }
    prefix += absl::ascii_toupper(static_cast<unsigned char>(c));
  }
  return prefix + "_";
}

// Where the CLI's word is shorter than the proto's name.
constexpr std::pair<absl::string_view, absl::string_view> kShortWords[] = {
    {"ROLE_DESK_OPERATOR", "desk"},
};

std::string Scope(const std::string& scope) {
  return scope.empty() ? "whole system" : scope;
}

// "王秀英 (people/4)".
std::string Named(const std::string& full_name, const std::string& name) {
  return absl::StrCat(full_name, " (", name, ")");
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

// Each unit's depth below the first of `units` whose parent is not listed.
std::vector<Row> UnitRows(const Repeated<v1::Unit>& units) {
  std::map<std::string, size_t> depth;
  std::vector<Row> rows;
  for (const v1::Unit& unit : units) {
    const auto parent = depth.find(unit.parent());
    depth[unit.name()] = parent == depth.end() ? 0 : parent->second + 1;
    rows.push_back(
        {unit.name(), Word(unit.level()), unit.code(), Cell(unit.parent()),
         unit.issuance_account(),
         std::string(2 * depth[unit.name()], ' ') + unit.display_name()});
  }
  return rows;
}

void PrintUnits(const Repeated<v1::Unit>& units, const std::string& token) {
  PrintTable({{"UNIT", false},
              {"LEVEL", false},
              {"CODE", false},
              {"PARENT", false},
              {"ISSUANCE", false},
              {"DISPLAY NAME", false}},
             UnitRows(units));
  PrintNextPageToken(token);
}

// The member who heads `household`, or nullptr if the caller sees none.
const v1::Person* HeadOf(const v1::Household& household) {
  for (const v1::Person& member : household.members()) {
    if (member.name() == household.head()) return &member;
  }
  return nullptr;
}

void PrintMembers(const v1::Household& household) {
  std::vector<Row> rows;
  for (const v1::Person& member : household.members()) {
    rows.push_back(
        {member.name(), Cell(member.phone()), Cell(member.resident_id()),
         member.gender() == v1::GENDER_UNSPECIFIED ? "-"
                                                   : Word(member.gender()),
         member.birth_year() == 0 ? "-" : absl::StrCat(member.birth_year()),
         member.full_name()});
  }
  std::cout << "members:\n";
  PrintTable({{"PERSON", false},
              {"PHONE", false},
              {"RESIDENT ID", false},
              {"GENDER", false},
              {"BORN", true},
              {"FULL NAME", false}},
             rows);
}

void PrintHouseholds(const Repeated<v1::Household>& households,
                     const std::string& token) {
  std::vector<Row> rows;
  for (const v1::Household& household : households) {
    const v1::Person* head = HeadOf(household);
    rows.push_back({household.name(), household.village(), household.number(),
                    household.account(), absl::StrCat(household.members_size()),
                    Cell(head == nullptr ? "" : head->phone()),
                    absl::StrCat(head == nullptr ? "" : head->full_name(), " ",
                                 household.address())});
  }
  PrintTable({{"HOUSEHOLD", false},
              {"VILLAGE", false},
              {"NUMBER", false},
              {"ACCOUNT", false},
              {"MEMBERS", true},
              {"PHONE", false},
              {"HEAD ADDRESS", false}},
             rows);
  PrintNextPageToken(token);
}

// Joinings and leavings, oldest first.
void PrintMembershipHistory(const Repeated<v1::TeamMembershipEvent>& events) {
  if (events.empty()) return;
  std::vector<Row> rows;
  for (const v1::TeamMembershipEvent& event : events) {
    rows.push_back({event.date(), event.joined() ? "joined" : "left",
                    event.team(), event.volunteer()});
  }
  std::cout << "history:\n";
  PrintTable({{"DATE", false},
              {"CHANGE", false},
              {"TEAM", false},
              {"VOLUNTEER", false}},
             rows);
}

// "+30", "-12": a change of points or stock.
std::string Signed(int64_t change) {
  return absl::StrCat(change > 0 ? "+" : "", change);
}

// "30 per month", or "none".
std::string Cap(const v1::Rule& rule) {
  return rule.cap_period() == v1::CAP_PERIOD_NONE
             ? "none"
             : absl::StrCat(rule.cap_points(), " per ",
                            Word(rule.cap_period()));
}

// "2026-01-01..2026-12-31", or "2026-01-01.." for no end.
std::string Validity(const v1::Rule& rule) {
  return absl::StrCat(rule.valid_from(), "..", rule.valid_to());
}

// "rules/3 v2 HYG-01".
std::string RuleVersion(const std::string& name, int32_t version,
                        const std::string& code) {
  return absl::StrCat(name, " v", version, " ", code);
}

// "大米5斤 (bag)": what a good is and how it is counted.
std::string GoodName(const std::string& display_name,
                     const std::string& measure) {
  return absl::StrCat(display_name, " (", measure, ")");
}

// A stock movement's note, or the redemption it was for.
std::string MovementNote(const v1::StockMovement& movement) {
  return movement.redemption().empty() ? movement.note()
                                       : movement.redemption();
}

std::string Voided(const v1::Redemption& redemption) {
  return redemption.has_voided_by() ? "voided" : "valid";
}

void PrintGoodQuantities(absl::string_view title,
                         const Repeated<v1::GoodQuantity>& goods) {
  std::vector<Row> rows;
  for (const v1::GoodQuantity& good : goods) {
    rows.push_back({good.good(), good.site(), absl::StrCat(good.quantity()),
                    good.display_name()});
  }
  std::cout << title << ":\n";
  PrintTable({{"GOOD", false},
              {"SITE", false},
              {"QUANTITY", true},
              {"DISPLAY NAME", false}},
             rows);
}

void PrintRedemptionLines(const Repeated<v1::RedemptionLine>& lines) {
  std::vector<Row> rows;
  for (const v1::RedemptionLine& line : lines) {
    rows.push_back({line.good(), absl::StrCat(line.good_version()),
                    absl::StrCat(line.quantity()), absl::StrCat(line.price()),
                    absl::StrCat(line.points()),
                    GoodName(line.display_name(), line.measure())});
  }
  std::cout << "lines:\n";
  PrintTable({{"GOOD", false},
              {"VER", true},
              {"QTY", true},
              {"PRICE", true},
              {"POINTS", true},
              {"DISPLAY NAME (MEASURE)", false}},
             rows);
}

// The row of one line of an award batch.
Row BatchRow(const v1::AwardBatchRequest& request,
             const std::vector<int>& line_numbers,
             const v1::AwardLineResult& result) {
  const int i = result.line();
  const bool known = i >= 0 && i < request.lines_size();
  const v1::AwardLine line = known ? request.lines(i) : v1::AwardLine();
  const std::string number = known && i < static_cast<int>(line_numbers.size())
                                 ? absl::StrCat(line_numbers[i])
                                 : absl::StrCat("#", i);
  if (result.has_award()) {
    return {number,
            "accepted",
            line.household(),
            line.rule(),
            absl::StrCat(result.award().points()),
            "-",
            line.note()};
  }
  return {number,
          "refused",
          line.household(),
          line.rule(),
          "0",
          Cell(result.refusal_reason()),
          result.refusal_message()};
}

// What an applied desk item did: the award's or the redemption's points
// and record.
Row DeskItemRow(int index, const v1::DeskItemResult& result) {
  std::string record = "-";
  std::string points = "-";
  if (result.has_award()) {
    record = result.award().transfer().name();
    points = Signed(result.award().points());
  } else if (result.has_redemption()) {
    record = result.redemption().name();
    points = Signed(-result.redemption().total_points());
  }
  return {absl::StrCat(index + 1),
          result.request_id(),
          result.code() == 0
              ? "applied"
              : clients::CodeName(static_cast<grpc::StatusCode>(result.code())),
          Cell(result.reason()),
          record,
          points,
          result.message()};
}

}  // namespace

std::vector<std::string> Spellings(
    const google::protobuf::EnumValueDescriptor& value) {
  absl::string_view name = value.name();
  absl::ConsumePrefix(&name, ValuePrefix(*value.type()));
  std::vector<std::string> spellings = {absl::AsciiStrToLower(name)};
  for (const auto& [proto_name, word] : kShortWords) {
    if (proto_name == value.name()) {
      spellings.insert(spellings.begin(), std::string(word));
    }
  }
  return spellings;
}

void Print(const v1::Account& account) {
  std::vector<Field> fields = {{"name", account.name()},
                               {"kind", Word(account.kind())},
                               {"display_name", account.display_name()}};
  AddIfSet(&fields, "unit", account.unit());
  AddIfSet(&fields, "household", account.household());
  fields.insert(fields.end(),
                {{"balance", absl::StrCat(account.balance())},
                 {"created", Time(account.create_time())},
                 {"last_sequence", absl::StrCat(account.last_sequence())}});
  PrintFields(fields);
}

void Print(const v1::Transfer& transfer) {
  std::vector<Field> fields = {
      {"name", transfer.name()},
      {"moves", absl::StrCat(transfer.debit_account(), " → ",
                             transfer.credit_account())},
      {"amount", absl::StrCat(transfer.amount())},
      {"reason", transfer.reason_code()},
      {"memo", transfer.memo()},
      {"time", Time(transfer.create_time())},
      {"request_id", transfer.request_id()}};
  AddIfSet(&fields, "operator", transfer.operator_());
  AddIfSet(&fields, "reverses", transfer.reverses());
  AddIfSet(&fields, "reversed_by", transfer.reversed_by());
  fields.emplace_back("hash", transfer.entry_hash());
  PrintFields(fields);
}

void Print(const v1::ListAccountsResponse& page) {
  std::vector<Row> rows;
  for (const v1::Account& account : page.accounts()) {
    rows.push_back({account.name(), Word(account.kind()), Cell(account.unit()),
                    absl::StrCat(account.balance()), account.display_name()});
  }
  PrintTable({{"ACCOUNT", false},
              {"KIND", false},
              {"UNIT", false},
              {"BALANCE", true},
              {"DISPLAY NAME", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

void Print(const v1::ListAccountHistoryResponse& page) {
  std::vector<Row> rows;
  for (const v1::HistoryLine& line : page.lines()) {
    const v1::Transfer& transfer = line.transfer();
    // The account at the other end: where the points went, or came from.
    const std::string& counterparty = line.change() < 0
                                          ? transfer.credit_account()
                                          : transfer.debit_account();
    rows.push_back({absl::StrCat(transfer.sequence()),
                    Time(transfer.create_time()), Signed(line.change()),
                    absl::StrCat(line.balance_after()), transfer.reason_code(),
                    counterparty, transfer.memo()});
  }
  PrintTable({{"SEQ", true},
              {"TIME", false},
              {"CHANGE", true},
              {"BALANCE", true},
              {"REASON", false},
              {"COUNTERPARTY", false},
              {"MEMO", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

void Print(const v1::Digest& digest) {
  PrintFields({{"last_sequence", absl::StrCat(digest.last_sequence())},
               {"head_hash", digest.head_hash()}});
}

void Print(const v1::AuditReport& report) {
  std::cout << (report.clean()
                    ? std::string("audit CLEAN")
                    : absl::StrCat("audit FOUND ", report.discrepancy_count(),
                                   " DISCREPANCIES"))
            << "\n";
  PrintFields({{"entries_checked", absl::StrCat(report.entries_checked())},
               {"accounts_checked", absl::StrCat(report.accounts_checked())},
               {"transfers_checked", absl::StrCat(report.transfers_checked())},
               {"history_records_checked",
                absl::StrCat(report.history_records_checked())},
               {"idempotency_records_checked",
                absl::StrCat(report.idempotency_records_checked())},
               {"registry_records_checked",
                absl::StrCat(report.registry_records_checked())},
               {"last_sequence", absl::StrCat(report.last_sequence())},
               {"head_hash", report.head_hash()},
               {"balance_sum", absl::StrCat(report.balance_sum())},
               {"witness", report.witness().empty()
                               ? std::string("none")
                               : absl::StrCat(report.witness(), " at entry ",
                                              report.witness_sequence())},
               {"started", Time(report.start_time())},
               {"took", absl::FormatDuration(
                            absl::Microseconds(report.duration_micros()))}});
  for (const v1::Discrepancy& d : report.discrepancies()) {
    std::cout << d.kind() << " " << d.record() << " expected=" << d.expected()
              << " found=" << d.found() << "\n";
  }
  for (const v1::AcceptedLoss& loss : report.accepted_losses()) {
    std::cout << "LOSS_ACCEPTED entries/" << loss.sequence() << " at "
              << Time(loss.accept_time())
              << " witness=" << loss.witness_sequence()
              << " store=" << loss.store_sequence() << " " << loss.reason()
              << "\n";
  }
  // The server sends only the first ones; the count says there are more.
  if (static_cast<uint64_t>(report.discrepancies_size()) <
      report.discrepancy_count()) {
    std::cout << "(" << report.discrepancy_count() - report.discrepancies_size()
              << " more not listed)\n";
  }
}

void Print(const grpc::health::v1::HealthCheckResponse& health) {
  std::cout << grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
                   health.status())
            << "\n";
}

void Print(const v1::LoginResponse& login) {
  std::vector<Field> fields = OperatorFields(login.operator_());
  fields.emplace_back("expires", Time(login.expire_time()));
  PrintFields(fields);
}

void Print(const v1::LogoutResponse& /*logout*/) {
  std::cout << "logged out\n";
}

void Print(const v1::ChangePasswordResponse& /*changed*/) {
  std::cout << "password changed; your tokens no longer work: log in again\n";
}

void Print(const v1::Operator& op) {
  std::vector<Field> fields = OperatorFields(op);
  fields.insert(fields.end(), {{"state", op.disabled() ? "disabled" : "active"},
                               {"created", Time(op.create_time())}});
  PrintFields(fields);
}

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

void Print(const v1::Unit& unit) {
  std::vector<Field> fields = {{"name", unit.name()},
                               {"code", unit.code()},
                               {"display_name", unit.display_name()},
                               {"level", Word(unit.level())}};
  AddIfSet(&fields, "parent", unit.parent());
  fields.insert(fields.end(),
                {{"issuance_account", unit.issuance_account()},
                 {"created", Time(unit.create_time())},
                 {"create_sequence", absl::StrCat(unit.create_sequence())}});
  if (unit.update_sequence() != unit.create_sequence()) {
    fields.emplace_back("renamed_at_sequence",
                        absl::StrCat(unit.update_sequence()));
  }
  PrintFields(fields);
}

void Print(const v1::ListUnitsResponse& page) {
  PrintUnits(page.units(), page.next_page_token());
}

void Print(const v1::WalkUnitsResponse& page) {
  PrintUnits(page.units(), page.next_page_token());
}

void Print(const v1::Household& household) {
  const v1::Person* head = HeadOf(household);
  std::vector<Field> fields = {
      {"name", household.name()},
      {"village", household.village()},
      {"number", household.number()},
      {"address", household.address()},
      {"head", head == nullptr ? household.head()
                               : Named(head->full_name(), head->name())},
      {"account", household.account()}};
  if (!household.care_categories().empty()) {
    fields.emplace_back("care",
                        absl::StrJoin(household.care_categories(), ","));
  }
  fields.emplace_back("created", Time(household.create_time()));
  PrintFields(fields);
  PrintMembers(household);
}

void Print(const v1::ListHouseholdsResponse& page) {
  PrintHouseholds(page.households(), page.next_page_token());
}

void Print(const v1::SearchHouseholdsResponse& page) {
  PrintHouseholds(page.households(), page.next_page_token());
}

void Print(const v1::Person& person) {
  std::vector<Field> fields = {{"name", person.name()},
                               {"full_name", person.full_name()}};
  AddIfSet(&fields, "phone", person.phone());
  AddIfSet(&fields, "resident_id", person.resident_id());
  if (person.gender() != v1::GENDER_UNSPECIFIED) {
    fields.emplace_back("gender", Word(person.gender()));
  }
  if (person.birth_year() != 0) {
    fields.emplace_back("birth_year", absl::StrCat(person.birth_year()));
  }
  fields.insert(fields.end(), {{"household", person.household()},
                               {"village", person.unit()},
                               {"volunteer", person.volunteer() ? "yes" : "no"},
                               {"created", Time(person.create_time())}});
  for (const v1::Residence& residence : person.residences()) {
    fields.emplace_back(
        "lived_in",
        absl::StrCat(residence.household(), " from ", Time(residence.since())));
  }
  PrintFields(fields);
}

void Print(const v1::CareCategory& category) {
  PrintFields({{"code", category.code()},
               {"display_name", category.display_name()},
               {"built_in", category.built_in() ? "yes" : "no"}});
}

void Print(const v1::ListCareCategoriesResponse& page) {
  std::vector<Row> rows;
  for (const v1::CareCategory& category : page.categories()) {
    rows.push_back({category.code(), category.built_in() ? "yes" : "no",
                    category.display_name()});
  }
  PrintTable({{"CODE", false}, {"BUILT IN", false}, {"DISPLAY NAME", false}},
             rows);
}

void Print(const v1::Volunteer& volunteer) {
  const v1::Person& person = volunteer.person();
  std::vector<Field> fields = {
      {"name", volunteer.name()},
      {"person", Named(person.full_name(), person.name())}};
  AddIfSet(&fields, "phone", person.phone());
  fields.insert(fields.end(),
                {{"household", person.household()},
                 {"status", Word(volunteer.status())},
                 {"join_date", volunteer.join_date()},
                 {"skills", absl::StrJoin(volunteer.skills(), ",")},
                 {"teams", absl::StrJoin(volunteer.teams(), ",")},
                 {"enrolled", Time(volunteer.enroll_time())}});
  PrintFields(fields);
  PrintMembershipHistory(volunteer.team_history());
}

void Print(const v1::Team& team) {
  PrintFields({{"name", team.name()},
               {"display_name", team.display_name()},
               {"unit", team.unit()},
               {"leader", team.leader()},
               {"members", absl::StrJoin(team.members(), ",")},
               {"created", Time(team.create_time())}});
  PrintMembershipHistory(team.history());
}

void Print(const v1::ListTeamsResponse& page) {
  std::vector<Row> rows;
  for (const v1::Team& team : page.teams()) {
    rows.push_back({team.name(), team.unit(), team.leader(),
                    absl::StrCat(team.members_size()), team.display_name()});
  }
  PrintTable({{"TEAM", false},
              {"UNIT", false},
              {"LEADER", false},
              {"MEMBERS", true},
              {"DISPLAY NAME", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

void Print(const v1::Rule& rule) {
  PrintFields(
      {{"name", rule.name()},
       {"version", absl::StrCat(rule.version())},
       {"unit", rule.unit()},
       {"code", rule.code()},
       {"display_name", rule.display_name()},
       {"category", Word(rule.category())},
       {"points", rule.deduction() ? absl::StrCat(rule.points(), " (deduction)")
                                   : absl::StrCat(rule.points())},
       {"cap", Cap(rule)},
       {"valid_from", rule.valid_from()},
       {"valid_to", rule.valid_to().empty() ? "open" : rule.valid_to()},
       {"version_time", Time(rule.version_time())},
       {"version_sequence", absl::StrCat(rule.version_sequence())},
       {"operator", rule.operator_()}});
}

void Print(const v1::ListRulesResponse& page) {
  std::vector<Row> rows;
  for (const v1::Rule& rule : page.rules()) {
    rows.push_back({rule.name(), absl::StrCat(rule.version()), rule.unit(),
                    rule.code(), Word(rule.category()),
                    absl::StrCat(rule.deduction() ? "-" : "", rule.points()),
                    Cap(rule), Validity(rule), rule.display_name()});
  }
  PrintTable({{"RULE", false},
              {"VER", true},
              {"UNIT", false},
              {"CODE", false},
              {"CATEGORY", false},
              {"POINTS", true},
              {"CAP", false},
              {"VALID", false},
              {"DISPLAY NAME", false}},
             rows);
}

void Print(const v1::Award& award) {
  if (!award.approval().empty()) {
    // A proposal: judged (version, points) and made only when approved.
    std::vector<Field> fields = {
        {"household", award.household()},
        {"rule", absl::StrCat(award.rule(), " ", award.rule_code())},
        {"rule_name", award.rule_display_name()},
        {"points", "none yet: waiting for approval"},
        {"note", award.note()}};
    AddIfSet(&fields, "event_date", award.event_date());
    fields.emplace_back("approval", award.approval());
    PrintFields(fields);
    return;
  }
  std::vector<Field> fields = {
      {"household", award.household()},
      {"rule",
       RuleVersion(award.rule(), award.rule_version(), award.rule_code())},
      {"rule_name", award.rule_display_name()},
      {"category", Word(award.category())},
      {"points", absl::StrCat(award.points())}};
  if (award.deduction()) {
    fields.emplace_back("deduction", "yes");
    fields.emplace_back("shortfall", absl::StrCat(award.shortfall()));
  }
  fields.emplace_back("note", award.note());
  AddIfSet(&fields, "event_date", award.event_date());
  fields.emplace_back("transfer", award.transfer().name());
  fields.emplace_back("time", Time(award.transfer().create_time()));
  if (award.has_desk_time()) {
    fields.emplace_back("desk_time", Time(award.desk_time()));
  }
  fields.emplace_back("request_id", award.transfer().request_id());
  PrintFields(fields);
}

void Print(const v1::AwardBatchRequest& request,
           const std::vector<int>& line_numbers,
           const v1::AwardBatchResponse& response) {
  std::vector<Row> rows;
  for (const v1::AwardLineResult& result : response.results()) {
    rows.push_back(BatchRow(request, line_numbers, result));
  }
  PrintTable({{"LINE", true},
              {"RESULT", false},
              {"HOUSEHOLD", false},
              {"RULE", false},
              {"POINTS", true},
              {"REASON", false},
              {"NOTE OR WHY REFUSED", false}},
             rows);
  std::vector<Field> fields = {{"accepted", absl::StrCat(response.accepted())},
                               {"refused", absl::StrCat(response.refused())},
                               {"points", absl::StrCat(response.points())},
                               {"sequence", absl::StrCat(response.sequence())}};
  if (!response.approval().empty()) {
    fields.emplace_back("approval", absl::StrCat(response.approval(),
                                                 " (waiting; no line judged)"));
  }
  fields.emplace_back("request_id", request.request_id());
  PrintFields(fields);
}

void Print(const v1::Site& site) {
  PrintFields({{"name", site.name()},
               {"unit", site.unit()},
               {"display_name", site.display_name()},
               {"villages", absl::StrJoin(site.villages(), ",")},
               {"account", site.account()},
               {"created", Time(site.create_time())}});
}

void Print(const v1::ListSitesResponse& page) {
  std::vector<Row> rows;
  for (const v1::Site& site : page.sites()) {
    rows.push_back({site.name(), site.unit(), site.account(),
                    absl::StrJoin(site.villages(), ","), site.display_name()});
  }
  PrintTable({{"SITE", false},
              {"UNIT", false},
              {"ACCOUNT", false},
              {"VILLAGES", false},
              {"DISPLAY NAME", false}},
             rows);
}

void Print(const v1::Good& good) {
  PrintFields({{"name", good.name()},
               {"site", good.site()},
               {"version", absl::StrCat(good.version())},
               {"display_name", good.display_name()},
               {"measure", good.measure()},
               {"price", absl::StrCat(good.price())},
               {"state", good.active() ? "active" : "inactive"},
               {"stock", absl::StrCat(good.stock())},
               {"version_time", Time(good.version_time())}});
}

void Print(const v1::ListGoodsResponse& page) {
  std::vector<Row> rows;
  for (const v1::Good& good : page.goods()) {
    rows.push_back({good.name(), absl::StrCat(good.version()), good.site(),
                    absl::StrCat(good.price()), absl::StrCat(good.stock()),
                    good.active() ? "active" : "inactive",
                    GoodName(good.display_name(), good.measure())});
  }
  PrintTable({{"GOOD", false},
              {"VER", true},
              {"SITE", false},
              {"PRICE", true},
              {"STOCK", true},
              {"STATE", false},
              {"DISPLAY NAME (MEASURE)", false}},
             rows);
}

void Print(const v1::StockMovement& movement) {
  std::vector<Field> fields = {
      {"good", movement.good()},
      {"kind", Word(movement.kind())},
      {"change", Signed(movement.change())},
      {"stock_after", absl::StrCat(movement.stock_after())}};
  AddIfSet(&fields, "note", movement.note());
  AddIfSet(&fields, "redemption", movement.redemption());
  AddIfSet(&fields, "stocktake", movement.stocktake());
  fields.insert(fields.end(), {{"sequence", absl::StrCat(movement.sequence())},
                               {"time", Time(movement.time())},
                               {"operator", movement.operator_()}});
  PrintFields(fields);
}

void Print(const v1::ListStockMovementsResponse& page) {
  std::vector<Row> rows;
  for (const v1::StockMovement& movement : page.movements()) {
    rows.push_back({absl::StrCat(movement.sequence()), Time(movement.time()),
                    Word(movement.kind()), Signed(movement.change()),
                    absl::StrCat(movement.stock_after()),
                    Cell(movement.operator_()), MovementNote(movement)});
  }
  PrintTable({{"SEQ", true},
              {"TIME", false},
              {"KIND", false},
              {"CHANGE", true},
              {"STOCK", true},
              {"OPERATOR", false},
              {"NOTE OR REDEMPTION", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

void Print(const v1::Redemption& redemption) {
  std::vector<Field> fields = {
      {"name", redemption.name()},
      {"receipt_number", redemption.receipt_number()},
      {"site", redemption.site()},
      {"household", redemption.household()},
      {"total_points", absl::StrCat(redemption.total_points())},
      {"transfer", redemption.transfer().name()},
      {"time", Time(redemption.transfer().create_time())}};
  if (redemption.has_desk_time()) {
    fields.emplace_back("desk_time", Time(redemption.desk_time()));
  }
  fields.emplace_back("state", Voided(redemption));
  if (redemption.has_voided_by()) {
    fields.emplace_back("voided_by", redemption.voided_by().name());
    fields.emplace_back("void_reason", redemption.void_reason());
  }
  PrintFields(fields);
  PrintRedemptionLines(redemption.lines());
}

void Print(const v1::ListRedemptionsResponse& page) {
  std::vector<Row> rows;
  for (const v1::Redemption& redemption : page.redemptions()) {
    rows.push_back(
        {redemption.name(), redemption.receipt_number(),
         Time(redemption.transfer().create_time()), redemption.household(),
         absl::StrCat(redemption.total_points()), Voided(redemption)});
  }
  PrintTable({{"REDEMPTION", false},
              {"RECEIPT", false},
              {"TIME", false},
              {"HOUSEHOLD", false},
              {"POINTS", true},
              {"STATE", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

void Print(const v1::Stocktake& stocktake) {
  PrintFields({{"name", stocktake.name()},
               {"site", stocktake.site()},
               {"counter", stocktake.counter()},
               {"reason", stocktake.reason()},
               {"time", Time(stocktake.time())},
               {"operator", stocktake.operator_()},
               {"sequence", absl::StrCat(stocktake.sequence())},
               {"goods_counted", absl::StrCat(stocktake.goods_counted())},
               {"differences", absl::StrCat(stocktake.differences())},
               {"net_change", Signed(stocktake.net_change())}});
  std::vector<Row> differences;
  std::vector<Row> agreed;
  for (const v1::StocktakeLine& line : stocktake.lines()) {
    Row row = {line.good(), absl::StrCat(line.expected()),
               absl::StrCat(line.counted()), Signed(line.difference()),
               GoodName(line.display_name(), line.measure())};
    (line.difference() != 0 ? differences : agreed).push_back(std::move(row));
  }
  const std::vector<Column> columns = {{"GOOD", false},
                                       {"LEDGER", true},
                                       {"COUNTED", true},
                                       {"DIFFERENCE", true},
                                       {"DISPLAY NAME (MEASURE)", false}};
  std::cout << "differences from the ledger:";
  if (differences.empty()) {
    std::cout << " none\n";
  } else {
    std::cout << "\n";
    PrintTable(columns, differences);
  }
  if (!agreed.empty()) {
    std::cout << "counts that agree:\n";
    PrintTable(columns, agreed);
  }
}

void Print(const v1::ListStocktakesResponse& page) {
  std::vector<Row> rows;
  for (const v1::Stocktake& stocktake : page.stocktakes()) {
    rows.push_back({stocktake.name(), Time(stocktake.time()),
                    absl::StrCat(stocktake.goods_counted()),
                    absl::StrCat(stocktake.differences()),
                    Signed(stocktake.net_change()), stocktake.counter()});
  }
  PrintTable({{"STOCKTAKE", false},
              {"TIME", false},
              {"GOODS", true},
              {"DIFFS", true},
              {"NET", true},
              {"COUNTER", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

void Print(const v1::Receipt& receipt) { std::cout << receipt.text(); }

// ---- Paper point cards.

void Print(const v1::Card& card) {
  std::vector<Field> fields = {{"name", card.name()}};
  if (!card.number().empty()) fields.emplace_back("number", card.number());
  fields.insert(fields.end(), {{"unit", card.unit()},
                               {"points", absl::StrCat(card.points())},
                               {"state", Word(card.state())},
                               {"note", card.note()},
                               {"issued", Time(card.issue_time())},
                               {"issued_by", card.issued_by()},
                               {"issue_transfer", card.issue_transfer()}});
  if (card.has_transfer()) {
    fields.emplace_back("transfer", card.transfer().name());
    fields.emplace_back("time", Time(card.transfer().create_time()));
    fields.emplace_back("by", card.closed_by());
  }
  if (!card.household().empty()) {
    fields.emplace_back("household", card.household());
  }
  if (!card.void_reason().empty()) {
    fields.emplace_back("void_reason", card.void_reason());
  }
  PrintFields(fields);
}

void Print(const v1::CardBatch& batch) {
  PrintFields({{"unit", batch.unit()},
               {"count", absl::StrCat(batch.count())},
               {"points", absl::StrCat(batch.points(), " each")},
               {"note", batch.note()},
               {"float_account", batch.float_account()},
               {"transfer", batch.transfer().name()}});
  std::vector<Row> rows;
  for (const v1::Card& card : batch.cards()) {
    rows.push_back({card.name(), card.number(), absl::StrCat(card.points())});
  }
  PrintTable({{"CARD", false}, {"NUMBER", false}, {"POINTS", true}}, rows);
}

void Print(const v1::ListCardsResponse& page) {
  std::vector<Row> rows;
  for (const v1::Card& card : page.cards()) {
    rows.push_back({card.name(), absl::StrCat(card.points()),
                    Word(card.state()), card.transfer().name(),
                    card.household(), card.void_reason()});
  }
  PrintTable({{"CARD", false},
              {"POINTS", true},
              {"STATE", false},
              {"TRANSFER", false},
              {"HOUSEHOLD", false},
              {"VOID REASON", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

void Print(const v1::UploadDeskQueueResponse& response) {
  std::vector<Row> rows;
  int applied = 0;
  for (int i = 0; i < response.results_size(); ++i) {
    rows.push_back(DeskItemRow(i, response.results(i)));
    if (response.results(i).code() == 0) ++applied;
  }
  PrintTable({{"ITEM", true},
              {"REQUEST ID", false},
              {"RESULT", false},
              {"REASON", false},
              {"RECORD", false},
              {"POINTS", true},
              {"MESSAGE", false}},
             rows);
  PrintFields({{"applied", absl::StrCat(applied)},
               {"refused", absl::StrCat(response.results_size() - applied)}});
}

void Print(const v1::Statement& statement) {
  PrintFields({{"household", statement.household()},
               {"account", statement.account()},
               {"balance", absl::StrCat(statement.balance())}});
  std::vector<Row> rows;
  for (const v1::StatementLine& line : statement.lines()) {
    rows.push_back({absl::StrCat(line.sequence()), Time(line.time()),
                    Signed(line.change()), absl::StrCat(line.balance_after()),
                    line.description()});
  }
  PrintTable({{"SEQ", true},
              {"TIME", false},
              {"CHANGE", true},
              {"BALANCE", true},
              {"DESCRIPTION", false}},
             rows);
  PrintNextPageToken(statement.next_page_token());
  if (statement.expiring_size() == 0) return;
  std::vector<Row> expiring;
  for (const v1::ExpiringPoints& e : statement.expiring()) {
    expiring.push_back({e.date(), absl::StrCat(e.points())});
  }
  std::cout << "expiring unless spent first:\n";
  PrintTable({{"DATE", false}, {"POINTS", true}}, expiring);
}

void Print(const v1::MarketFigures& figures) {
  PrintFields(
      {{"unit", figures.unit()},
       {"from", figures.from_date()},
       {"to", figures.to_date()},
       {"points_issued", absl::StrCat(figures.points_issued())},
       {"points_redeemed", absl::StrCat(figures.points_redeemed())},
       {"redemption_events", absl::StrCat(figures.redemption_events())},
       {"households_redeemed", absl::StrCat(figures.households_redeemed())},
       {"people_benefited", absl::StrCat(figures.people_benefited())}});
  std::vector<Row> rows;
  for (const v1::CategoryPoints& category : figures.issued_by_category()) {
    rows.push_back({Word(category.category()), absl::StrCat(category.awards()),
                    absl::StrCat(category.points())});
  }
  std::cout << "issued by category:\n";
  PrintTable({{"CATEGORY", false}, {"AWARDS", true}, {"POINTS", true}}, rows);
  PrintGoodQuantities("goods handed out", figures.goods_handed_out());
  PrintGoodQuantities("stock on hand", figures.stock_on_hand());
}

// ---- Volunteer service.

namespace {

std::string Hours(int64_t minutes) {
  return absl::StrFormat("%.1f h", static_cast<double>(minutes) / 60);
}

std::string MaybeTime(const google::protobuf::Timestamp& time) {
  return time.seconds() == 0 ? "" : Time(time);
}

void PrintParticipations(
    const google::protobuf::RepeatedPtrField<v1::Participation>& list) {
  std::vector<Row> rows;
  for (const v1::Participation& p : list) {
    rows.push_back({p.volunteer(), p.cancelled() ? "cancelled" : "signed up",
                    Cell(MaybeTime(p.check_in_time())),
                    Cell(MaybeTime(p.check_out_time())), Cell(p.check_out_by()),
                    absl::StrCat(p.minutes()), Cell(p.record())});
  }
  PrintTable({{"VOLUNTEER", false},
              {"STATE", false},
              {"CHECK-IN", false},
              {"CHECK-OUT", false},
              {"BY", false},
              {"MINUTES", true},
              {"RECORD", false}},
             rows);
}

void PrintRecords(
    const google::protobuf::RepeatedPtrField<v1::ServiceRecord>& list) {
  std::vector<Row> rows;
  for (const v1::ServiceRecord& r : list) {
    rows.push_back({r.name(), r.date(), r.volunteer(), Hours(r.minutes()),
                    absl::StrCat(r.points()), Cell(r.corrected_by()),
                    absl::StrCat(r.activity_title(), " @ ", r.place())});
  }
  PrintTable({{"RECORD", false},
              {"DATE", false},
              {"VOLUNTEER", false},
              {"HOURS", true},
              {"POINTS", true},
              {"CORRECTED BY", false},
              {"ACTIVITY", false}},
             rows);
}

}  // namespace

void Print(const v1::Activity& a) {
  const v1::PointsRule& rule = a.points_rule();
  std::string points =
      rule.points_per_participation() != 0
          ? absl::StrCat(rule.points_per_participation(), " per participation")
          : absl::StrCat(rule.points_per_hour(), " per hour");
  if (rule.cap_points() != 0)
    absl::StrAppend(&points, ", at most ", rule.cap_points());
  std::vector<Field> fields = {{"name", a.name()},
                               {"unit", a.unit()},
                               {"title", a.title()},
                               {"category", Word(a.category())},
                               {"place", a.place()},
                               {"start", Time(a.start_time())},
                               {"end", Time(a.end_time())},
                               {"capacity", absl::StrCat(a.capacity())},
                               {"points", points},
                               {"status", Word(a.status())},
                               {"signed_up", absl::StrCat(a.signed_up())},
                               {"checked_in", absl::StrCat(a.checked_in())}};
  AddIfSet(&fields, "teams", absl::StrJoin(a.teams(), ","));
  AddIfSet(&fields, "description", a.description());
  PrintFields(fields);
  std::vector<Row> rows;
  for (const v1::StatusChange& change : a.history()) {
    rows.push_back({Time(change.time()), Word(change.status()),
                    Cell(change.operator_()), change.reason()});
  }
  std::cout << "history:\n";
  PrintTable({{"TIME", false},
              {"STATUS", false},
              {"OPERATOR", false},
              {"REASON", false}},
             rows);
}

void Print(const v1::ListActivitiesResponse& page) {
  std::vector<Row> rows;
  for (const v1::Activity& a : page.activities()) {
    rows.push_back({a.name(), Time(a.start_time()), Word(a.status()),
                    absl::StrCat(a.signed_up(), "/", a.capacity()), a.title()});
  }
  PrintTable({{"ACTIVITY", false},
              {"START", false},
              {"STATUS", false},
              {"SIGNED UP", true},
              {"TITLE", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

void Print(const v1::Participation& p) {
  std::vector<Field> fields = {
      {"activity", p.activity()},
      {"volunteer", p.volunteer()},
      {"state", p.cancelled() ? "cancelled" : "signed up"},
      {"signed_up", Time(p.signed_up_time())}};
  AddIfSet(&fields, "check_in", MaybeTime(p.check_in_time()));
  AddIfSet(&fields, "check_in_by", p.check_in_by());
  AddIfSet(&fields, "check_out", MaybeTime(p.check_out_time()));
  AddIfSet(&fields, "check_out_by", p.check_out_by());
  AddIfSet(&fields, "settle_reason", p.settle_reason());
  if (!p.check_out_by().empty()) {
    fields.emplace_back("minutes", absl::StrCat(p.minutes()));
  }
  AddIfSet(&fields, "record", p.record());
  PrintFields(fields);
}

void Print(const v1::OrganiserCheckResponse& response) {
  PrintParticipations(response.participations());
}

void Print(const v1::ListParticipationsResponse& page) {
  PrintParticipations(page.participations());
  PrintNextPageToken(page.next_page_token());
}

void Print(const v1::CheckInCode& code) {
  PrintFields(
      {{"code", code.code()}, {"valid_until", Time(code.expire_time())}});
}

void Print(const v1::ConfirmHoursResponse& response) {
  if (!response.approval().empty()) {
    PrintFields({{"approval", response.approval()},
                 {"hours", "none confirmed yet: waiting for approval"},
                 {"sequence", absl::StrCat(response.sequence())}});
    return;
  }
  PrintRecords(response.records());
  PrintFields({{"records", absl::StrCat(response.records_size())},
               {"points", absl::StrCat(response.points())},
               {"sequence", absl::StrCat(response.sequence())}});
}

void Print(const v1::ServiceRecord& r) {
  std::vector<Field> fields = {{"name", r.name()},
                               {"activity", r.activity()},
                               {"title", r.activity_title()},
                               {"date", r.date()},
                               {"volunteer", r.volunteer()},
                               {"minutes", absl::StrCat(r.minutes())},
                               {"points", absl::StrCat(r.points())},
                               {"household", r.household()}};
  AddIfSet(&fields, "transfer", r.transfer().name());
  AddIfSet(&fields, "corrects", r.corrects());
  AddIfSet(&fields, "reason", r.reason());
  AddIfSet(&fields, "corrected_by", r.corrected_by());
  PrintFields(fields);
}

void Print(const v1::Archive& archive) {
  PrintFields({{"volunteer", archive.volunteer()},
               {"full_name", archive.full_name()},
               {"total", Hours(archive.total_minutes())}});
  std::vector<Row> years;
  for (const v1::YearHours& y : archive.years()) {
    years.push_back({absl::StrCat(y.year()), absl::StrCat(y.records()),
                     Hours(y.minutes())});
  }
  std::cout << "by year:\n";
  PrintTable({{"YEAR", false}, {"RECORDS", true}, {"HOURS", true}}, years);
  std::cout << "records:\n";
  PrintRecords(archive.records());
  PrintNextPageToken(archive.next_page_token());
}

void Print(const v1::ServiceFigures& f) {
  PrintFields({{"scope", f.scope()},
               {"from", f.from_date()},
               {"to", f.to_date()},
               {"activities_held", absl::StrCat(f.activities_held())},
               {"person_times", absl::StrCat(f.person_times())},
               {"distinct_volunteers", absl::StrCat(f.distinct_volunteers())},
               {"hours", Hours(f.minutes())},
               {"households_credited", absl::StrCat(f.households_credited())},
               {"points_issued", absl::StrCat(f.points_issued())}});
}

void Print(const v1::Certificate& certificate) {
  std::cout << certificate.text();
}

void Print(const v1::VerifyCertificateResponse& response) {
  if (!response.genuine()) {
    std::cout << "NOT GENUINE: no certificate issued here has this code\n";
    return;
  }
  std::cout << "GENUINE " << response.certificate().name() << ", issued "
            << Time(response.certificate().issue_time()) << ":\n\n"
            << response.certificate().text();
}

// ---- Points policy.

namespace {

// "year_end", "after_days 30", "reset_date 01-10"; "" when not set.
std::string ExpiryText(const v1::ExpiryPolicy& expiry) {
  switch (expiry.mode()) {
    case v1::EXPIRY_MODE_UNSPECIFIED:
      return "";
    case v1::EXPIRY_MODE_AFTER_DAYS:
      return absl::StrCat(Word(expiry.mode()), " ", expiry.days());
    case v1::EXPIRY_MODE_RESET_DATE:
      return absl::StrCat(Word(expiry.mode()), " ", expiry.reset_date());
    default:
      return Word(expiry.mode());
  }
}

// "100,300,600 h"; "" for none.
std::string StarText(const v1::StarLevels& levels) {
  if (levels.hours().empty()) return "";
  return absl::StrCat(absl::StrJoin(levels.hours(), ","), " h");
}

std::string YesNo(bool yes) { return yes ? "yes" : "no"; }

// Where an effective setting comes from: the unit, or the default.
std::string From(const std::string& unit) {
  return unit.empty() ? "default" : unit;
}

std::string ServiceHours(int64_t minutes) {
  return absl::StrFormat("%.1f h", static_cast<double>(minutes) / 60);
}

// "awards: 3 lines" or "hours: activities/7".
std::string WhatWaits(const v1::Approval& approval) {
  if (!approval.activity().empty()) {
    return absl::StrCat("hours of ", approval.activity());
  }
  return absl::StrCat(approval.award_lines_size(), " award line",
                      approval.award_lines_size() == 1 ? "" : "s");
}

}  // namespace

void Print(const v1::UnitPolicy& policy) {
  std::vector<Field> fields = {{"unit", policy.unit()}};
  fields.emplace_back(
      "recording_deadline",
      policy.has_recording_deadline_days()
          ? absl::StrCat(policy.recording_deadline_days(), " working days")
          : "inherited");
  const std::string expiry = ExpiryText(policy.expiry());
  fields.emplace_back("expiry", expiry.empty() ? "inherited" : expiry);
  const std::string stars = StarText(policy.star_levels());
  fields.emplace_back("star_levels", stars.empty() ? "inherited" : stars);
  fields.emplace_back("anonymous_rankings",
                      policy.has_anonymous_rankings()
                          ? YesNo(policy.anonymous_rankings())
                          : "inherited");
  if (policy.sequence() != 0) {
    fields.emplace_back("sequence", absl::StrCat(policy.sequence()));
    fields.emplace_back("update_time", Time(policy.update_time()));
    fields.emplace_back("operator", policy.operator_());
  }
  PrintFields(fields);
}

void Print(const v1::UnitPolicyView& view) {
  const v1::UnitPolicy& own = view.own();
  const v1::EffectivePolicy& in_force = view.effective();
  std::vector<Field> fields = {{"unit", in_force.unit()}};
  if (own.sequence() != 0) {
    fields.emplace_back("own_policy",
                        absl::StrCat("set by ", own.operator_(), " at ",
                                     Time(own.update_time()), " (sequence ",
                                     own.sequence(), ")"));
  } else {
    fields.emplace_back("own_policy", "none: all inherited");
  }
  PrintFields(fields);
  const auto own_or_dash = [](bool set, std::string text) {
    return set ? std::move(text) : std::string("-");
  };
  const std::string deadline =
      absl::StrCat(in_force.recording_deadline_days(), " working days");
  const std::vector<Row> rows = {
      {"recording_deadline",
       own_or_dash(
           own.has_recording_deadline_days(),
           absl::StrCat(own.recording_deadline_days(), " working days")),
       in_force.recording_deadline_days() == 0 ? "none" : deadline,
       From(in_force.recording_deadline_from())},
      {"expiry", Cell(ExpiryText(own.expiry())),
       Cell(ExpiryText(in_force.expiry())), From(in_force.expiry_from())},
      {"star_levels", Cell(StarText(own.star_levels())),
       StarText(in_force.star_levels()).empty()
           ? "none"
           : StarText(in_force.star_levels()),
       From(in_force.star_levels_from())},
      {"anonymous_rankings",
       own_or_dash(own.has_anonymous_rankings(),
                   YesNo(own.anonymous_rankings())),
       YesNo(in_force.anonymous_rankings()),
       From(in_force.anonymous_rankings_from())},
  };
  PrintTable({{"SETTING", false},
              {"OWN", false},
              {"IN FORCE", false},
              {"FROM", false}},
             rows);
}

void Print(const v1::Approval& approval) {
  std::vector<Field> fields = {{"name", approval.name()},
                               {"state", Word(approval.state())},
                               {"unit", approval.unit()},
                               {"waiting", WhatWaits(approval)}};
  AddIfSet(&fields, "activity", approval.activity());
  AddIfSet(&fields, "event_date", approval.event_date());
  if (approval.late()) {
    fields.emplace_back("late", "yes");
    fields.emplace_back("late_reason", approval.late_reason());
  }
  fields.emplace_back("proposer", approval.proposer());
  fields.emplace_back("propose_time", Time(approval.propose_time()));
  fields.emplace_back("propose_sequence",
                      absl::StrCat(approval.propose_sequence()));
  if (approval.decide_sequence() != 0) {
    fields.emplace_back("decider", approval.decider());
    fields.emplace_back("decide_time", Time(approval.decide_time()));
    fields.emplace_back("decide_sequence",
                        absl::StrCat(approval.decide_sequence()));
  }
  AddIfSet(&fields, "note", approval.note());
  PrintFields(fields);
  if (approval.award_lines_size() > 0) {
    std::vector<Row> rows;
    for (const v1::AwardLine& line : approval.award_lines()) {
      rows.push_back({line.household(), line.rule(), line.note()});
    }
    std::cout << "award lines:\n";
    PrintTable({{"HOUSEHOLD", false}, {"RULE", false}, {"NOTE", false}}, rows);
  }
  if (approval.adjustments_size() > 0) {
    std::vector<Row> rows;
    for (const v1::HoursAdjustment& a : approval.adjustments()) {
      rows.push_back({a.volunteer(), absl::StrCat(a.minutes())});
    }
    std::cout << "adjusted minutes:\n";
    PrintTable({{"VOLUNTEER", false}, {"MINUTES", true}}, rows);
  }
}

void Print(const v1::ListApprovalsResponse& page) {
  std::vector<Row> rows;
  for (const v1::Approval& a : page.approvals()) {
    rows.push_back({a.name(), Word(a.state()), a.unit(), Cell(a.event_date()),
                    a.late() ? "late" : "-", Time(a.propose_time()),
                    a.proposer(), WhatWaits(a)});
  }
  PrintTable({{"APPROVAL", false},
              {"STATE", false},
              {"UNIT", false},
              {"EVENT DATE", false},
              {"LATE", false},
              {"PROPOSED", false},
              {"PROPOSER", false},
              {"WAITING", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

void Print(const v1::ExpiryPreview& preview) {
  PrintFields({{"unit", preview.unit()},
               {"as_of", preview.as_of()},
               {"households", absl::StrCat(preview.households())},
               {"points", absl::StrCat(preview.points())}});
  std::vector<Row> rows;
  for (const v1::ExpiryLine& line : preview.lines()) {
    rows.push_back({line.household(), line.household_number(),
                    absl::StrCat(line.balance()), absl::StrCat(line.points())});
  }
  PrintTable({{"HOUSEHOLD", false},
              {"NUMBER", false},
              {"BALANCE", true},
              {"EXPIRES", true}},
             rows);
  PrintNextPageToken(preview.next_page_token());
}

namespace {
void PrintRuns(const google::protobuf::RepeatedPtrField<v1::ExpiryRun>& runs) {
  std::vector<Row> rows;
  for (const v1::ExpiryRun& run : runs) {
    rows.push_back({run.village(), run.period(), run.cutoff(),
                    absl::StrCat(run.households()), absl::StrCat(run.points()),
                    absl::StrCat(run.sequences_size()), Time(run.time())});
  }
  PrintTable({{"VILLAGE", false},
              {"PERIOD", false},
              {"CUTOFF", false},
              {"HOUSEHOLDS", true},
              {"POINTS", true},
              {"ENTRIES", true},
              {"TIME", false}},
             rows);
}
}  // namespace

void Print(const v1::RunExpiryResponse& response) {
  PrintFields({{"households", absl::StrCat(response.households())},
               {"points", absl::StrCat(response.points())}});
  PrintRuns(response.runs());
}

void Print(const v1::ListExpiryRunsResponse& response) {
  PrintRuns(response.runs());
}

void Print(const v1::Honour& honour) {
  std::vector<Field> fields = {{"subject", honour.subject()},
                               {"score", absl::StrCat(honour.score())}};
  if (absl::StartsWith(honour.subject(), "volunteers/")) {
    fields.emplace_back("service", ServiceHours(honour.service_minutes()));
    fields.emplace_back("star_level", absl::StrCat(honour.star_level()));
  }
  PrintFields(fields);
  if (honour.stars_size() > 0) {
    std::vector<Row> rows;
    for (const v1::StarReached& star : honour.stars()) {
      rows.push_back({absl::StrCat(star.level()),
                      absl::StrCat(star.hours(), " h"), star.date(),
                      absl::StrCat(star.sequence())});
    }
    std::cout << "stars:\n";
    PrintTable(
        {{"LEVEL", true}, {"HOURS", true}, {"REACHED", false}, {"SEQ", true}},
        rows);
  }
}

void Print(const v1::Rankings& rankings) {
  const bool hours = rankings.measure() == v1::RANKING_MEASURE_HOURS;
  PrintFields({{"unit", rankings.unit()},
               {"subject", Word(rankings.subject())},
               {"measure", Word(rankings.measure())},
               {"from", rankings.from_date()},
               {"to", rankings.to_date()},
               {"anonymous", YesNo(rankings.anonymous())}});
  std::vector<Row> rows;
  for (const v1::RankingEntry& e : rankings.entries()) {
    rows.push_back({absl::StrCat(e.rank()),
                    hours ? ServiceHours(e.score()) : absl::StrCat(e.score()),
                    e.village(), Cell(e.subject()), e.display_name()});
  }
  PrintTable({{"RANK", true},
              {hours ? "HOURS" : "HONOUR", true},
              {"VILLAGE", false},
              {"SUBJECT", false},
              {"NAME", false}},
             rows);
}

bool PrintJson(const google::protobuf::Message& message, std::string* error) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  const auto status =
      google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    *error = status.ToString();
    return false;
  }
  std::cout << json << "\n";
  return true;
}

}  // namespace jiamei::cli
