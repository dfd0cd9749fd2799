// The flags of the jiamei CLI that more than one file reads: those of every
// call (server, token, deadline, JSON), of mutations and lists (request id,
// pages), and those that commands of several domains take (--unit,
// --display_name, --reason, ...). A flag that only one domain's commands
// read is defined in that domain's clients/cli/<domain>_commands.cc; the TLS
// flags are in clients/tls_flags.h.
#ifndef JIAMEI_CLIENTS_CLI_FLAGS_H_
#define JIAMEI_CLIENTS_CLI_FLAGS_H_

#include <cstdint>
#include <string>

#include "absl/flags/declare.h"
#include "absl/time/time.h"

ABSL_DECLARE_FLAG(std::string, server);
ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(std::string, token);
ABSL_DECLARE_FLAG(absl::Duration, timeout);
ABSL_DECLARE_FLAG(std::string, request_id);
ABSL_DECLARE_FLAG(int32_t, page_size);
ABSL_DECLARE_FLAG(std::string, page_token);
ABSL_DECLARE_FLAG(bool, all);

ABSL_DECLARE_FLAG(std::string, kind);
ABSL_DECLARE_FLAG(std::string, display_name);
ABSL_DECLARE_FLAG(std::string, unit);
ABSL_DECLARE_FLAG(std::string, site);
ABSL_DECLARE_FLAG(std::string, reason);
ABSL_DECLARE_FLAG(std::string, scope);
ABSL_DECLARE_FLAG(std::string, code);
ABSL_DECLARE_FLAG(std::string, household);
ABSL_DECLARE_FLAG(std::string, category);
ABSL_DECLARE_FLAG(std::string, points);
ABSL_DECLARE_FLAG(std::string, cap_points);
ABSL_DECLARE_FLAG(std::string, note);
ABSL_DECLARE_FLAG(std::string, measure);
ABSL_DECLARE_FLAG(std::string, from);
ABSL_DECLARE_FLAG(std::string, to);
ABSL_DECLARE_FLAG(std::string, year);
ABSL_DECLARE_FLAG(std::string, format);
ABSL_DECLARE_FLAG(std::string, out);
ABSL_DECLARE_FLAG(std::string, state);

#endif  // JIAMEI_CLIENTS_CLI_FLAGS_H_
