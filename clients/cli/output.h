// How the jiamei CLI shows the server's answers on stdout: aligned
// "key: value" lines for one resource, a table for a list, or, for scripts,
// one JSON object per line. The pieces every domain's output is made of;
// each answer's own layout is beside the commands that get it
// (clients/cli/*_commands.cc).
#ifndef JIAMEI_CLIENTS_CLI_OUTPUT_H_
#define JIAMEI_CLIENTS_CLI_OUTPUT_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/generated_enum_reflection.h"
#include "google/protobuf/message.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "google/protobuf/timestamp.pb.h"

namespace jiamei::cli {

// Readable output of one kind of answer. Only declared here: each answer's
// layout is an explicit specialisation, defined beside the commands that
// get it and above them in that file (so that it is declared before
// Client::Call is instantiated for it). An answer with no specialisation
// is a link error, never silence.
template <typename Answer>
void Print(const Answer& answer);

// Prints `message` as one line of JSON with the proto field names and every
// field, defaults included (so scripts need not know proto3 defaults).
// Returns false, with the reason in `error`, if it cannot be converted.
bool PrintJson(const google::protobuf::Message& message, std::string* error);

// The ways flags may spell an enum value, the one output uses first: the
// value's name without its enum's prefix, in lower case (UNIT_LEVEL_VILLAGE
// -> "village"), after a shorter word where there is one
// (ROLE_DESK_OPERATOR -> "desk", "desk_operator").
std::vector<std::string> Spellings(
    const google::protobuf::EnumValueDescriptor& value);

// How output spells an enum value: "village", "desk", "household".
template <typename Enum>
std::string Word(Enum value) {
  const google::protobuf::EnumValueDescriptor* descriptor =
      google::protobuf::GetEnumDescriptor<Enum>()->FindValueByNumber(value);
  return descriptor == nullptr ? absl::StrCat(static_cast<int>(value))
                               : Spellings(*descriptor).front();
}

template <typename T>
using Repeated = google::protobuf::RepeatedPtrField<T>;

// ---- "key: value" lines ----------------------------------------------------

using Field = std::pair<absl::string_view, std::string>;

// "key: value" lines with the values lined up, so a person can scan them.
void PrintFields(const std::vector<Field>& fields);

// Adds a field that is not always there (an optional phone, a parent).
void AddIfSet(std::vector<Field>* fields, absl::string_view key,
              std::string value);

// ---- Tables
// ------------------------------------------------------------------

struct Column {
  absl::string_view title;
  bool right_aligned;  // numbers, so that their digits line up
};
using Row = std::vector<std::string>;

// A header and the rows, each column as wide as its widest cell. Free text
// (names, memos) goes in the last column, where its width on screen, which
// is not its length in bytes, cannot misalign the others.
void PrintTable(const std::vector<Column>& columns,
                const std::vector<Row>& rows);

// A table cell: "-" for nothing, so that every row has all its columns.
std::string Cell(std::string value);

// Without --all a list shows one page; say how to get the next one.
void PrintNextPageToken(const std::string& token);

// ---- Values
// ------------------------------------------------------------------

// RFC 3339 in the local time zone, to the second: what the desk clock says.
std::string Time(const google::protobuf::Timestamp& time);

// As Time, or "" for a time not set.
std::string MaybeTime(const google::protobuf::Timestamp& time);

// "+30", "-12": a change of points or stock.
std::string Signed(int64_t change);

// "1.5 h": minutes of service as hours.
std::string Hours(int64_t minutes);

// "王秀英 (people/4)".
std::string Named(const std::string& full_name, const std::string& name);

std::string YesNo(bool yes);

}  // namespace jiamei::cli

#endif  // JIAMEI_CLIENTS_CLI_OUTPUT_H_
