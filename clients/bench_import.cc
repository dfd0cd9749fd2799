#include "clients/bench_import.h"

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "clients/bench_world.h"
#include "clients/import_client.h"
#include "clients/status_text.h"
#include "jiamei/v1/registry.grpc.pb.h"

namespace jiamei::bench {
namespace {

// A resident ID number of `region` (6 digits), born on `born`, with
// `sequence` (0 to 999) and its GB 11643 check character.
std::string ResidentId(int region, absl::CivilDay born, int sequence) {
  const std::string body =
      absl::StrFormat("%06d%04d%02d%02d%03d", region, born.year(), born.month(),
                      born.day(), sequence);
  static constexpr int kWeights[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                       3, 7, 9,  10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (body[i] - '0') * kWeights[i];
  return body + "10X98765432"[sum % 11];
}

// The file of round `round`: `households` households of three people each,
// as Excel's "CSV UTF-8" saves it; ID numbers differ from round to round.
std::string RegisterFile(int households, int round) {
  static const char* const kRelations[] = {"户主", "妻", "子"};
  std::string csv =
      "\xEF\xBB\xBF序号,户号,地址,姓名,与户主关系,身份证号,电话\r\n";
  for (int i = 0; i < households; ++i) {
    for (int p = 0; p < 3; ++p) {
      const int k = 3 * i + p;
      const absl::CivilDay born = absl::CivilDay(1960, 1, 1) + k / 1000;
      absl::StrAppend(&csv, k + 1, ",", absl::StrFormat("%05d", i), ",",
                      p == 0 ? absl::StrCat("东村", i, "号") : "", ",村民", k,
                      ",", kRelations[p], ",",
                      ResidentId(110101 + round, born, k % 1000), ",",
                      p == 0 ? absl::StrFormat("138%08d", i) : "", "\r\n");
    }
  }
  return csv;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Sends `file` to `village`; its time in seconds, or -1 (printed) if
// refused.
double TimedImport(jiamei::v1::RegistryService::Stub* stub, RequestIds* ids,
                   const std::string& village, const std::string& file,
                   bool dry_run, jiamei::v1::ImportRegisterResponse* response) {
  jiamei::v1::ImportRegisterRequest first;
  first.set_village(village);
  first.set_dry_run(dry_run);
  first.set_request_id(ids->Next());
  const std::unique_ptr<grpc::ClientContext> context = NewContext();
  const absl::Time start = absl::Now();
  const grpc::Status status =
      clients::SendRegisterImport(stub, context.get(), first, file, response);
  if (!status.ok() || response->problem_count() > 0) {
    std::cerr << "import failed: " << clients::Describe(status)
              << (response->problem_count() > 0 ? " (the file has problems)"
                                                : "")
              << "\n";
    return -1;
  }
  return absl::ToDoubleSeconds(absl::Now() - start);
}

}  // namespace

bool RunImportPhase(const std::shared_ptr<grpc::Channel>& channel,
                    RequestIds* ids, int households, int rounds) {
  auto stub = jiamei::v1::RegistryService::NewStub(channel);
  std::vector<double> dry_runs, imports;
  for (int round = 1; round <= rounds; ++round) {
    std::string village, issuance;
    std::vector<std::string> unused_a, unused_b, unused_c;
    const grpc::Status made = MakeVillage(channel, ids, 0, &village, &issuance,
                                          &unused_a, &unused_b, &unused_c);
    if (!made.ok()) {
      std::cerr << "import: " << clients::Describe(made) << "\n";
      return false;
    }
    const std::string file = RegisterFile(households, round);
    jiamei::v1::ImportRegisterResponse checked, imported;
    const double dry =
        TimedImport(stub.get(), ids, village, file, true, &checked);
    const double wet =
        dry < 0 ? -1
                : TimedImport(stub.get(), ids, village, file, false, &imported);
    if (wet < 0) return false;
    dry_runs.push_back(dry);
    imports.push_back(wet);
    std::cout << absl::StrFormat(
        "import #%d: %d households, %d people, %.1f MiB: dry run %.2f s, "
        "import %.2f s in %d entries\n",
        round, imported.households(), imported.people(),
        static_cast<double>(file.size()) / (1 << 20), dry, wet,
        imported.sequences_size());
  }
  std::cout << absl::StrFormat(
      "import median of %d rounds: %d households: dry run %.2f s, import "
      "%.2f s\n",
      rounds, households, Median(dry_runs), Median(imports));
  return true;
}

}  // namespace jiamei::bench
