#include "clients/cli_output.h"

#include <algorithm>
#include <iostream>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"

namespace jiamei::cli {
namespace {

using Field = std::pair<absl::string_view, std::string>;

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

// ACCOUNT_KIND_HOUSEHOLD -> "household", as --kind spells it.
std::string KindName(v1::AccountKind kind) {
  std::string name = v1::AccountKind_Name(kind);
  absl::string_view short_name(name);
  absl::ConsumePrefix(&short_name, "ACCOUNT_KIND_");
  return absl::AsciiStrToLower(short_name);
}

}  // namespace

void Print(const v1::Account& account) {
  PrintFields({{"name", account.name()},
               {"kind", KindName(account.kind())},
               {"display_name", account.display_name()},
               {"balance", absl::StrCat(account.balance())},
               {"created", Time(account.create_time())},
               {"last_sequence", absl::StrCat(account.last_sequence())}});
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
  if (!transfer.reverses().empty()) {
    fields.emplace_back("reverses", transfer.reverses());
  }
  if (!transfer.reversed_by().empty()) {
    fields.emplace_back("reversed_by", transfer.reversed_by());
  }
  fields.emplace_back("hash", transfer.entry_hash());
  PrintFields(fields);
}

void Print(const v1::ListAccountsResponse& page) {
  std::vector<Row> rows;
  for (const v1::Account& account : page.accounts()) {
    rows.push_back({account.name(), KindName(account.kind()),
                    absl::StrCat(account.balance()), account.display_name()});
  }
  PrintTable({{"ACCOUNT", false},
              {"KIND", false},
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

void Print(const v1::LoginResponse& login) {
  std::cout << "export JIAMEI_TOKEN=" << login.token() << "\n# "
            << login.operator_().name() << " (" << login.operator_().login()
            << ", " << v1::Role_Name(login.operator_().role())
            << "), token valid until "
            << absl::FormatTime(
                   absl::RFC3339_sec,
                   absl::FromUnixSeconds(login.expire_time().seconds()),
                   absl::UTCTimeZone())
            << "\n";
}

void Print(const google::protobuf::Message& message) {
  google::protobuf::TextFormat::Printer printer;
  printer.SetUseUtf8StringEscaping(true);
  std::string text;
  printer.PrintToString(message, &text);
  std::cout << text;
}

}  // namespace jiamei::cli
