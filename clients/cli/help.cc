#include "clients/cli/help.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "clients/cli/client.h"
#include "clients/cli/command.h"

namespace jiamei::cli {
namespace {

constexpr char kUsageNotes[] = R"(
An operand or a flag that names a record (ACCOUNT, TRANSFER, UNIT, PARENT,
ROOT, VILLAGE, HOUSEHOLD, PERSON, VOLUNTEER, TEAM, OPERATOR, RULE, SITE,
GOOD, REDEMPTION, ACTIVITY, RECORD, CARD, APPROVAL) takes its full name,
e.g. units/3, or just the number, 3. A SUBJECT is a full name,
households/N or volunteers/N. A CARD may also be given by the NUMBER
printed on it, {serial}-{code}, e.g. 12-345678; `card redeem` needs that
NUMBER.
A flag whose value is in brackets must be given but may be empty: --care=
clears the categories. `rule revise` and `good revise` make a new version
from the current one and the flags given. `policy set` gives a unit's own
settings in full: each one not given is inherited from the unit above.

FILE is a path, or - for standard input. For `award batch`, a CSV file:
household,rule,note on each line (the note may hold commas); blank lines,
# comments and a household,... header are skipped. For `queue upload`, one
DeskItem per line in protobuf JSON, e.g.
{"award":{"request_id":"d7-0001","household":"households/4",
"rule":"rules/1","note":"...","desk_time":"2026-11-20T09:30:00Z"}}

Every call but login and health carries a bearer token: --token, else
$JIAMEI_TOKEN, else the token file `jiamei login` writes ($JIAMEI_TOKEN_FILE,
default $HOME/.config/jiamei/token; `jiamei logout` removes it). Passwords
are read from standard input, one line each, not echoed on a terminal.

TLS: --tls checks the server's certificate against the system's roots,
--tls_ca=FILE (default $JIAMEI_TLS_CA) against that CA instead, e.g. the
county CA's ca.pem. A server that requires terminal certificates takes
--tls_cert=FILE --tls_key=FILE (default $JIAMEI_TLS_CERT, $JIAMEI_TLS_KEY).
--tls_server_name=NAME checks NAME in the certificate instead of the host of
--server. Without any of these the CLI speaks plaintext.

--server defaults to $JIAMEI_SERVER, else 127.0.0.1:7070. --timeout is the
deadline of each call (default 10s; 10m for audit, 1h for backup). --json
prints each answer as one JSON object per line.

A mutation without --request_id gets a new random one, printed to stderr:
run it again with that --request_id to retry safely, e.g. after a timeout.

Exit status: 0 done (for `award batch` and `queue upload`: the call was
taken; each line's result says whether it was applied); 1 refused by the
server, server unreachable or not serving; 2 usage error; 3 the audit found
discrepancies.

`jiamei backup DIR` (admins of the whole system) writes a consistent copy
of the running server into DIR on this machine (DIR must be new or empty),
checks every file against the server's checksums and writes the manifest
DIR/JIAMEI_BACKUP last; `jiamei-server --verify_backup=DIR` checks it.
)";

// The commands `words` ask about (see Help), or none.
std::vector<const Command*> Asked(const std::vector<std::string>& words) {
  std::vector<const Command*> nouns;
  for (const Command& command : Commands()) {
    if (command.noun == words[0]) nouns.push_back(&command);
  }
  std::vector<const Command*> verbs;
  for (const Command* command : nouns) {
    if (words.size() > 1 && command->verb == words[1]) {
      verbs.push_back(command);
    }
  }
  return verbs.empty() ? nouns : verbs;
}

}  // namespace

std::string UsageText() {
  std::string text =
      "usage: jiamei [--server=HOST:PORT] [--token=TOKEN] [--json] "
      "[--timeout=DURATION]\n"
      "    [--tls | --tls_ca=FILE] [--tls_cert=FILE --tls_key=FILE] "
      "[--tls_server_name=NAME] COMMAND ...\n\ncommands:\n";
  for (const Command& command : Commands()) {
    absl::StrAppend(&text, "  ", Synopsis(command), "\n");
  }
  return absl::StrCat(text, kUsageNotes);
}

int Help(const std::vector<std::string>& words) {
  const std::vector<const Command*> asked =
      words.empty() ? std::vector<const Command*>() : Asked(words);
  if (asked.empty()) {
    std::cerr << UsageText();
    return kExitUsage;
  }
  for (const Command* command : asked) {
    std::cerr << "usage: jiamei " << Synopsis(*command) << "\n    "
              << command->help << "\n";
  }
  std::cerr << "(`jiamei help` lists every command, and the flags and "
               "notes that apply to them all)\n";
  return kExitUsage;
}

}  // namespace jiamei::cli
