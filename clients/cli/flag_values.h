// From the command line into requests: names of records ("3" or
// "units/3"), lists, numbers, yes or no, enum words, request ids and input
// files, each refused in the CLI's own words when it does not parse.
#ifndef JIAMEI_CLIENTS_CLI_FLAG_VALUES_H_
#define JIAMEI_CLIENTS_CLI_FLAG_VALUES_H_

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/flags/flag.h"
#include "absl/flags/reflection.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "clients/cli/output.h"
#include "google/protobuf/generated_enum_reflection.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace jiamei::cli {

// "7" -> "accounts/7" (with collection "accounts"). Anything else, and
// anything when `collection` is "", goes to the server as it is, for the
// server to judge.
std::string Normalize(const std::string& name, absl::string_view collection);

// A flag naming a record, as a full name: --unit=3 -> "units/3".
std::string NameFlag(const absl::Flag<std::string>& flag,
                     absl::string_view collection);

// "a, b,c" -> {"a", "b", "c"}, into a repeated field of the request, each
// a full name of `collection` ("3" -> "units/3") unless that is "".
void SetList(const absl::Flag<std::string>& flag,
             google::protobuf::RepeatedPtrField<std::string>* list,
             absl::string_view collection = "");

// The request id of a mutation: --request_id or a new random one (128
// bits), shown on stderr so that whoever is at the desk can retry with it
// when the answer does not come.
std::string RequestId();

// "a", "a or b", "a, b or c".
std::string Alternatives(const std::vector<std::string>& words);

// "--name problem", as an INVALID_ARGUMENT.
absl::Status BadFlag(const absl::Flag<std::string>& flag,
                     absl::string_view problem);

// The first error of `checks`, done in order, or OK.
absl::Status FirstError(std::initializer_list<absl::Status> checks);

// The value of Enum that `flag` spells (see Spellings in output.h), e.g.
// --role=desk -> ROLE_DESK_OPERATOR; the unspecified value if the flag is
// empty (the command table says which flags are required). Sets `error` if
// the flag spells no value, or none of `only` when that is not empty
// (--kind of `stock in` takes donation or purchase).
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

// Sets `field` to what `flag` holds, unless the flag is empty: a revision
// keeps what the current version has.
void SetText(const absl::Flag<std::string>& flag, std::string* field);

// As SetText, for a whole number: an int64 field, or an int32 one (whose
// bounds the server judges).
template <typename Int, typename Message>
absl::Status SetNumber(const absl::Flag<std::string>& flag, Message* message,
                       void (Message::*set)(Int)) {
  const std::string text = absl::GetFlag(flag);
  Int number = 0;
  if (text.empty()) return absl::OkStatus();
  if (!absl::SimpleAtoi(text, &number)) {
    const std::string bound =
        std::is_same_v<Int, int64_t>
            ? absl::StrCat(" (at most ", std::numeric_limits<Int>::max(), ")")
            : "";
    return BadFlag(flag, absl::StrCat("must be a whole number", bound,
                                      ", not '", text, "'"));
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

// "goods/3=2" (or "3=2") -> {"goods/3", 2}: an operand that gives a number
// of something, the name a full one of `collection`. False if it is not
// NAME=NUMBER.
struct NamedCount {
  std::string name;
  int64_t count = 0;
};
bool ParseNamedCount(absl::string_view operand, absl::string_view collection,
                     NamedCount* out);

// The bytes of the file at `path`, or of standard input for "-".
absl::StatusOr<std::string> ReadFileBytes(const std::string& path);

// The lines of the file at `path`, or of standard input for "-", without
// their line ends.
absl::StatusOr<std::vector<std::string>> ReadLines(const std::string& path);

// Whether a line of an input file holds nothing to send: blank, or a
// "# comment".
bool Blank(absl::string_view line);

}  // namespace jiamei::cli

#endif  // JIAMEI_CLIENTS_CLI_FLAG_VALUES_H_
