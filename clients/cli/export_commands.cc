// `jiamei export LEDGER`: a 台账 (ExportService.ExportLedger) written to a
// file where the CLI runs, as .xlsx or CSV.
#include <cstdint>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/client.h"
#include "clients/cli/command.h"
#include "clients/cli/flag_values.h"
#include "clients/cli/flags.h"
#include "clients/cli/output.h"
#include "jiamei/v1/exports.pb.h"

namespace jiamei::cli {
namespace {

// The ledger an operand names, or LEDGER_KIND_UNSPECIFIED.
v1::LedgerKind LedgerOf(const std::string& word) {
  constexpr std::pair<const char*, v1::LedgerKind> kLedgers[] = {
      {"points", v1::LEDGER_KIND_POINTS},
      {"redemptions", v1::LEDGER_KIND_REDEMPTIONS},
      {"activities", v1::LEDGER_KIND_ACTIVITIES},
      {"roster", v1::LEDGER_KIND_ROSTER},
      {"stock", v1::LEDGER_KIND_STOCK},
      {"report", v1::LEDGER_KIND_REPORT},
      {"team-report", v1::LEDGER_KIND_TEAM_REPORT},
  };
  for (const auto& [name, kind] : kLedgers) {
    if (word == name) return kind;
  }
  return v1::LEDGER_KIND_UNSPECIFIED;
}

// --year=YYYY, or --from and --to: the period's days, or a usage error.
std::string SetPeriod(v1::ExportLedgerRequest* request) {
  const std::string year = absl::GetFlag(FLAGS_year);
  int32_t number = 0;
  if (!year.empty()) {
    if (!absl::SimpleAtoi(year, &number) || number < 1000 || number > 9999) {
      return "--year must be a year, e.g. 2026";
    }
    request->set_from_date(absl::StrCat(year, "-01-01"));
    request->set_to_date(absl::StrCat(year, "-12-31"));
    return "";
  }
  request->set_from_date(absl::GetFlag(FLAGS_from));
  request->set_to_date(absl::GetFlag(FLAGS_to));
  if (request->from_date().empty() || request->to_date().empty()) {
    return "give --year, or --from and --to";
  }
  return "";
}

int Export(Client* client, const std::string& ledger) {
  v1::ExportLedgerRequest request;
  request.set_ledger(LedgerOf(ledger));
  if (request.ledger() == v1::LEDGER_KIND_UNSPECIFIED) {
    return UsageError(
        "LEDGER must be points, redemptions, activities, roster, stock, "
        "report or team-report");
  }
  std::string error = SetPeriod(&request);
  if (!error.empty()) return UsageError(error);
  request.set_format(ParseWord<v1::ExportFormat>(FLAGS_format, &error));
  if (!error.empty()) return UsageError(error);
  // The stock ledger is a site's; the others a unit's.
  const bool stock = request.ledger() == v1::LEDGER_KIND_STOCK;
  if (absl::GetFlag(stock ? FLAGS_site : FLAGS_unit).empty() ||
      !absl::GetFlag(stock ? FLAGS_unit : FLAGS_site).empty()) {
    return UsageError(stock ? "the stock ledger takes --site (and no --unit)"
                            : "this ledger takes --unit (and no --site)");
  }
  if (stock) {
    request.set_site(NameFlag(FLAGS_site, "sites"));
  } else {
    request.set_unit(NameFlag(FLAGS_unit, "units"));
  }
  const std::string out = absl::GetFlag(FLAGS_out);
  v1::ExportFile file;
  int64_t bytes = 0;
  const grpc::Status status = client->Export(request, out, &file, &bytes);
  if (!status.ok()) return Refused(status);
  if (absl::GetFlag(FLAGS_json)) return ShowJson(file);
  std::cout << file.file_name() << " written to " << out << ": " << bytes
            << " bytes\n";
  return kExitOk;
}

constexpr Command kCommands[] = {
    {"export", "", "LEDGER",
     "[--unit=UNIT] [--site=SITE] [--year=YYYY] [--from=YYYY-MM-DD] "
     "[--to=YYYY-MM-DD] --format=xlsx|csv --out=FILE",
     "write a ledger as .xlsx or CSV: points, redemptions, activities, "
     "roster, report or team-report of --unit; stock of --site",
     kExportTimeout, Export},
};

}  // namespace

absl::Span<const Command> ExportCommands() { return kCommands; }

}  // namespace jiamei::cli
