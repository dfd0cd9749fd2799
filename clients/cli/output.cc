#include "clients/cli/output.h"

#include <algorithm>
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"

namespace jiamei::cli {
namespace {

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

// RFC 3339 in China Standard Time (UTC+8), to the second: the one zone of
// the books, whatever zone the machine running the CLI is set to.
std::string Time(const google::protobuf::Timestamp& time) {
  return absl::FormatTime(
      absl::RFC3339_sec,
      absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos()),
      absl::FixedTimeZone(8 * 60 * 60));
}

std::string MaybeTime(const google::protobuf::Timestamp& time) {
  return time.seconds() == 0 ? "" : Time(time);
}

// "+30", "-12": a change of points or stock.
std::string Signed(int64_t change) {
  return absl::StrCat(change > 0 ? "+" : "", change);
}

std::string Hours(int64_t minutes) {
  return absl::StrFormat("%.1f h", static_cast<double>(minutes) / 60);
}

// "王秀英 (people/4)".
std::string Named(const std::string& full_name, const std::string& name) {
  return absl::StrCat(full_name, " (", name, ")");
}

std::string YesNo(bool yes) { return yes ? "yes" : "no"; }

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
