#include "clients/cli/flags.h"

#include <cstdint>
#include <string>

#include "absl/flags/flag.h"
#include "absl/time/time.h"

// The call and its answer.
ABSL_FLAG(std::string, server, "",
          "server address; default $JIAMEI_SERVER, else 127.0.0.1:7070");
ABSL_FLAG(bool, json, false, "print answers as JSON, one object per line");
ABSL_FLAG(std::string, token, "",
          "bearer token from a log-in; default $JIAMEI_TOKEN, else the token "
          "file");
ABSL_FLAG(absl::Duration, timeout, absl::ZeroDuration(),
          "deadline of each call; 0 means 10s, or 10m for audit, 1h for "
          "backup");

// Mutations and lists.
ABSL_FLAG(std::string, request_id, "",
          "mutations: reuse to retry safely; default: a new random id");
ABSL_FLAG(int32_t, page_size, 0, "entries per page; 0: the server's default");
ABSL_FLAG(std::string, page_token, "", "continue a list from this token");
ABSL_FLAG(bool, all, false, "follow next_page_token to the end of the list");

// Flags that commands of more than one domain read; each command's
// synopsis in the command table names those it takes, and giving it any
// other is a usage error.
ABSL_FLAG(std::string, kind, "",
          "an account's kind (supermarket), or a stock movement's (donation, "
          "purchase, loss, damage or correction)");
ABSL_FLAG(std::string, display_name, "", "the name to show");
ABSL_FLAG(std::string, unit, "", "a unit, units/N");
ABSL_FLAG(std::string, site, "", "a supermarket site, sites/N");
ABSL_FLAG(std::string, reason, "",
          "a transfer's reason code (e.g. AWARD), or why a volunteer's status "
          "changes, a redemption is voided or a stocktake is made");
ABSL_FLAG(std::string, scope, "", "the unit an operator acts in, units/N");
ABSL_FLAG(std::string, code, "", "a unit's or care category's code");
ABSL_FLAG(std::string, household, "", "a household, households/N");
ABSL_FLAG(std::string, category, "", "a rule's category, e.g. hygiene");
ABSL_FLAG(std::string, points, "", "points per award, at least 1");
ABSL_FLAG(std::string, cap_points, "",
          "most points of a rule per household in a cap period");
ABSL_FLAG(std::string, note, "", "evidence or why, free text");
ABSL_FLAG(std::string, measure, "",
          "a good's unit of measure, e.g. bag; rankings: honour or hours");
ABSL_FLAG(std::string, from, "", "first day, YYYY-MM-DD");
ABSL_FLAG(std::string, to, "", "last day, YYYY-MM-DD");
ABSL_FLAG(std::string, year, "",
          "exports: a calendar year, for --from=YYYY-01-01 --to=YYYY-12-31");
ABSL_FLAG(std::string, format, "", "exports: xlsx or csv");
ABSL_FLAG(std::string, out, "", "exports: the file to write here");
ABSL_FLAG(std::string, state, "",
          "only cards in this state: outstanding, redeemed or voided; only "
          "approvals: pending, approved or rejected");
