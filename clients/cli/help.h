// What `jiamei help` and `--help` print, all of it from the command table
// (clients/cli/command.h).
#ifndef JIAMEI_CLIENTS_CLI_HELP_H_
#define JIAMEI_CLIENTS_CLI_HELP_H_

#include <string>
#include <vector>

namespace jiamei::cli {

// The synopsis of every command, then the notes that apply to them all.
std::string UsageText();

// Prints help on stderr and returns the exit status (kExitUsage, as it
// always was): UsageText() when `words` is empty or names no command;
// else the commands whose noun is words[0] (and whose verb is words[1],
// where some have it), each with its one line of help.
int Help(const std::vector<std::string>& words);

}  // namespace jiamei::cli

#endif  // JIAMEI_CLIENTS_CLI_HELP_H_
