#include "clients/cli/flag_values.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/cli/flags.h"

namespace jiamei::cli {
namespace {

// 128 random bits in hex: no two terminals will pick the same id.
std::string NewRequestId() {
  std::random_device random;
  std::string id;
  for (int i = 0; i < 4; ++i) {
    absl::StrAppend(&id, absl::Hex(random(), absl::kZeroPad8));
  }
  return id;
}

}  // namespace

std::string Normalize(const std::string& name, absl::string_view collection) {
  const bool number = !name.empty() && absl::c_all_of(name, [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
  return number && !collection.empty() ? absl::StrCat(collection, "/", name)
                                       : name;
}

std::string NameFlag(const absl::Flag<std::string>& flag,
                     absl::string_view collection) {
  return Normalize(absl::GetFlag(flag), collection);
}

void SetList(const absl::Flag<std::string>& flag,
             google::protobuf::RepeatedPtrField<std::string>* list,
             absl::string_view collection) {
  for (absl::string_view item :
       absl::StrSplit(absl::GetFlag(flag), ',', absl::SkipWhitespace())) {
    list->Add(
        Normalize(std::string(absl::StripAsciiWhitespace(item)), collection));
  }
}

std::string RequestId() {
  std::string id = absl::GetFlag(FLAGS_request_id);
  if (id.empty()) {
    id = NewRequestId();
    std::cerr << "request_id: " << id
              << " (reuse it with --request_id to retry safely)\n";
  }
  return id;
}

std::string Alternatives(const std::vector<std::string>& words) {
  if (words.size() < 2) return absl::StrJoin(words, "");
  return absl::StrCat(absl::StrJoin(words.begin(), words.end() - 1, ", "),
                      " or ", words.back());
}

absl::Status BadFlag(const absl::Flag<std::string>& flag,
                     absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(
      "--", absl::GetFlagReflectionHandle(flag).Name(), " ", problem));
}

absl::Status FirstError(std::initializer_list<absl::Status> checks) {
  for (const absl::Status& status : checks) {
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

void SetText(const absl::Flag<std::string>& flag, std::string* field) {
  std::string value = absl::GetFlag(flag);
  if (!value.empty()) *field = std::move(value);
}

bool ParseNamedCount(absl::string_view operand, absl::string_view collection,
                     NamedCount* out) {
  const std::vector<std::string> parts =
      absl::StrSplit(operand, absl::MaxSplits('=', 1));
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[1], &out->count)) {
    return false;
  }
  out->name = Normalize(parts[0], collection);
  return true;
}

absl::StatusOr<std::string> ReadFileBytes(const std::string& path) {
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      return absl::NotFoundError(
          absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
    }
  }
  std::istream& in = path == "-" ? std::cin : file;
  std::string bytes((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  if (in.bad()) {
    return absl::DataLossError(absl::StrCat("cannot read ", path));
  }
  return bytes;
}

absl::StatusOr<std::vector<std::string>> ReadLines(const std::string& path) {
  absl::StatusOr<std::string> bytes = ReadFileBytes(path);
  if (!bytes.ok()) return bytes.status();
  std::vector<std::string> lines = absl::StrSplit(*bytes, '\n');
  if (lines.back().empty()) lines.pop_back();  // the file's last line end
  for (std::string& line : lines) {
    if (absl::EndsWith(line, "\r")) line.pop_back();
  }
  return lines;
}

bool Blank(absl::string_view line) {
  line = absl::StripAsciiWhitespace(line);
  return line.empty() || absl::StartsWith(line, "#");
}

}  // namespace jiamei::cli
