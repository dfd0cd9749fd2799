#include "clients/cli_output.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
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
                    Time(transfer.create_time()),
                    absl::StrCat(line.change() > 0 ? "+" : "", line.change()),
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
               {"started", Time(report.start_time())},
               {"took", absl::FormatDuration(
                            absl::Microseconds(report.duration_micros()))}});
  for (const v1::Discrepancy& d : report.discrepancies()) {
    std::cout << d.kind() << " " << d.record() << " expected=" << d.expected()
              << " found=" << d.found() << "\n";
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
