// jiamei: the command-line client. One command per RPC, readable output by
// default and --json for scripts; the exit status tells scripts what
// happened (see the notes of `jiamei help`).
//
//   jiamei login admin              (the password on standard input)
//   jiamei household create --village=3 --number=0012 --address=东村3组12号
//       --head_name=王秀英
//   jiamei transfer create --debit=3 --credit=4 --amount=10 --reason=AWARD
//   jiamei history 4
//
// This file reads the command line, looks the command up in the command
// table (clients/cli/command.h), checks its operands and flags against its
// row and runs it; the commands are in clients/cli/<domain>_commands.cc.
#include <algorithm>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/flags/flag.h"
#include "absl/flags/marshalling.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "clients/cli/client.h"
#include "clients/cli/command.h"
#include "clients/cli/flag_values.h"
#include "clients/cli/flags.h"
#include "clients/cli/help.h"
#include "clients/cli/token.h"
#include "clients/tls_flags.h"

namespace jiamei::cli {
namespace {

// The collections the operands of the command table name; other operands
// (LOGIN, QUERY, SEQUENCE) go to the server as they are.
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

// How many words of `args` name `command`, or 0 if they name another.
size_t Match(const Command& command, const std::vector<std::string>& args) {
  if (args.empty() || args[0] != command.noun) return 0;
  if (command.verb.empty()) return 1;
  return args.size() > 1 && args[1] == command.verb ? 2 : 0;
}

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
  for (const Command& other : Commands()) {
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
  if (args.empty()) return Help({});
  if (args[0] == "help") return Help({args.begin() + 1, args.end()});
  for (const Command& command : Commands()) {
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
  return Help({});
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
  std::vector<std::string> words;  // the positional arguments so far
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (arg == "--") break;  // the rest is positional
    if (arg.size() < 2 || arg[0] != '-') {
      words.emplace_back(arg);
      continue;
    }
    // absl's --help and its kin would exit 1 after printing only the flags.
    // `jiamei unit get --help` is help on `unit get`.
    if (absl::StartsWith(WithoutDashes(arg), "help")) return Help(words);
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
