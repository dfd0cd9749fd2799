// What the CLI keeps between runs, the bearer token, and the passwords it
// reads: --token, else $JIAMEI_TOKEN, else the token file `jiamei login`
// writes ($JIAMEI_TOKEN_FILE, default $HOME/.config/jiamei/token).
#ifndef JIAMEI_CLIENTS_CLI_TOKEN_H_
#define JIAMEI_CLIENTS_CLI_TOKEN_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace jiamei::cli {

// Where `jiamei login` keeps the token: $JIAMEI_TOKEN_FILE, else
// $HOME/.config/jiamei/token; "" if neither is set.
std::string TokenFile();

// The bearer token calls carry: --token, else $JIAMEI_TOKEN, else the one
// in the token file.
std::string Token();

// Writes `token` to `path` whole or not at all (a new file, mode 0600,
// renamed over the old one; a missing folder made, readable by its owner
// only). Returns why it could not, or "".
std::string SaveToken(const std::string& path, const std::string& token);

// Removes the token file if it holds `token`, which no longer works, so
// that later commands do not send it.
void ForgetToken(const std::string& token);

// A password: one line of standard input, asked for with `prompt` and not
// echoed on a terminal; nullopt if the input has ended.
std::optional<std::string> ReadPassword(absl::string_view prompt);

}  // namespace jiamei::cli

#endif  // JIAMEI_CLIENTS_CLI_TOKEN_H_
