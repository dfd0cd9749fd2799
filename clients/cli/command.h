// The command table of the jiamei CLI: what each command is called, what it
// takes, one line of what it does, and the function that runs it. The
// table is the one truth about the commands: main.cc looks a command line
// up in it and checks its operands and flags against it, and `jiamei help`
// prints it, so help cannot drift from what exists.
//
// Each domain keeps its rows beside its commands (clients/cli/
// <domain>_commands.cc) and hands them over in one function declared
// here; Commands() puts them together in the order help lists them.
#ifndef JIAMEI_CLIENTS_CLI_COMMAND_H_
#define JIAMEI_CLIENTS_CLI_COMMAND_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

namespace jiamei::cli {

class Client;

struct Command {
  absl::string_view noun;
  absl::string_view verb;  // "" for one-word commands
  // "ACCOUNT", "QUERY", ... (kCollections in main.cc says which name
  // records), "" for none, "[SEQUENCE]" for an optional one, "RULE
  // HOUSEHOLD" for two, "GOOD=QUANTITY ..." for one or more.
  absl::string_view operand;
  // The command's flags as the usage shows them. They are also the rule:
  // the ones in [brackets] are optional, the others required and not
  // empty unless their value is in brackets ("--care=[CODE,...]"), and no
  // other command flag is allowed.
  absl::string_view flags;
  // What it does, in one line: `jiamei help NOUN` shows it.
  absl::string_view help;
  absl::Duration default_timeout;
  // Gets the operand, a full name if it names a record, or "" for none;
  // returns the exit code.
  int (*run)(Client* client, const std::string& operand);
  // Calls without a token (login, health).
  bool anonymous = false;
  // Instead of run, for commands of several operands (award, redeem): gets
  // them all.
  int (*run_all)(Client* client,
                 const std::vector<std::string>& operands) = nullptr;
};

// The deadlines of a call when --timeout does not say.
constexpr absl::Duration kCallTimeout = absl::Seconds(10);
// An audit reads the whole ledger.
constexpr absl::Duration kAuditTimeout = absl::Minutes(10);
// An import reads and checks a whole file of up to 100,000 rows.
constexpr absl::Duration kImportTimeout = absl::Minutes(5);
// A backup carries the whole store.
constexpr absl::Duration kBackupTimeout = absl::Hours(1);
// An export carries a year's ledger of a county.
constexpr absl::Duration kExportTimeout = absl::Minutes(10);

// The flags of a command that lists with pagination (Client::List).
constexpr absl::string_view kPagingFlags =
    "[--page_size=N] [--page_token=T] [--all]";

// Every command, in the order help lists them; of two that start with the
// same words ("award batch", "award"), the longer comes first, for the
// command line is matched in this order.
absl::Span<const Command> Commands();

// "unit get UNIT": the command's words, operand and flags.
std::string Synopsis(const Command& command);

// Each domain's rows (clients/cli/<domain>_commands.cc).
absl::Span<const Command> AccessCommands();
absl::Span<const Command> RegistryCommands();
absl::Span<const Command> VolunteerCommands();
absl::Span<const Command> LedgerCommands();
absl::Span<const Command> AuditCommands();
absl::Span<const Command> MarketCommands();
absl::Span<const Command> ActivityCommands();
absl::Span<const Command> CardCommands();
absl::Span<const Command> PolicyCommands();
absl::Span<const Command> ExportCommands();

}  // namespace jiamei::cli

#endif  // JIAMEI_CLIENTS_CLI_COMMAND_H_
