// jiamei-bench: drives a running jiamei-server with a fixed number of calls
// in flight for a set time and prints throughput and latency, first for
// durable ledger transfers, then for the empty health Check call (the
// ceiling of what gRPC alone can do on this machine), and their ratio; or
// for household searches in one village. It logs in as an admin (password
// in $JIAMEI_PASSWORD), makes a county, township and village with
// --accounts households, and awards points from the village's issuance
// account. With --server_pid it also prints the server's CPU time per call.
// The points-supermarket phases: `redeem` (redemptions of 3 goods each at
// one site, random households), `award_batch` (one AwardBatch of every
// household, timed as one call per round), `export` (the village's points
// ledger as .xlsx, clients/bench_export.h) and `annual_report` (the
// village's GetAnnualReport, timed; clients/bench_annual.h). The
// volunteer-service phases: `checkin` (every household's head, enrolled as
// a volunteer, checked in to one activity by the organiser, 16 at a time)
// and `confirm` (that
// activity closed and its hours confirmed in one call, timed). The
// `expiry` phase (alone) runs a yearly expiry over every household while
// desks keep awarding (clients/bench_expiry.h). The `import` phase (alone)
// checks and imports a register file of --accounts households into a new
// village each round (clients/bench_import.h). The `transfer_backup`
// phase is `transfer` with a backup taken 1 s into its measured window
// (clients/bench_backup.h), to run beside it.
//
//   JIAMEI_PASSWORD=... jiamei-bench --target=127.0.0.1:7070 --in_flight=256
//   JIAMEI_PASSWORD=... jiamei-bench --phases=search --accounts=10000
//   JIAMEI_PASSWORD=... jiamei-bench --phases=redeem,health
//   JIAMEI_PASSWORD=... jiamei-bench --phases=award_batch --accounts=5000
//   JIAMEI_PASSWORD=... jiamei-bench --phases=redeem,annual_report
//   JIAMEI_PASSWORD=... jiamei-bench --phases=checkin,confirm --accounts=500
//   JIAMEI_PASSWORD=... jiamei-bench --phases=export --accounts=100000
//   JIAMEI_PASSWORD=... jiamei-bench --phases=export --accounts=10000
//       --export_lines=10000,100000 --server_pid=PID   (one line)
//   JIAMEI_PASSWORD=... jiamei-bench --phases=expiry --accounts=100000
//   JIAMEI_PASSWORD=... jiamei-bench --phases=import --accounts=10000
//   JIAMEI_PASSWORD=... jiamei-bench --phases=transfer,transfer_backup
//
// This file reads the flags and runs the phases in rounds, with the
// transfer, search and health slots. Beside it: the closed loop
// (bench_load.h), the report (bench_report.h), the world it sets up
// (bench_world.h), and the phases of the market (bench_market.h), of
// volunteer service (bench_activity.h), expiry and backup.

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "clients/bench_activity.h"
#include "clients/bench_annual.h"
#include "clients/bench_backup.h"
#include "clients/bench_common.h"
#include "clients/bench_expiry.h"
#include "clients/bench_export.h"
#include "clients/bench_import.h"
#include "clients/bench_load.h"
#include "clients/bench_market.h"
#include "clients/bench_report.h"
#include "clients/bench_world.h"
#include "clients/status_text.h"
#include "clients/tls_flags.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "jiamei/v1/access.grpc.pb.h"
#include "jiamei/v1/activities.grpc.pb.h"
#include "jiamei/v1/ledger.grpc.pb.h"
#include "jiamei/v1/organization.grpc.pb.h"
#include "jiamei/v1/registry.grpc.pb.h"
#include "jiamei/v1/supermarket.grpc.pb.h"
#include "jiamei/v1/volunteers.grpc.pb.h"

ABSL_FLAG(std::string, target, "127.0.0.1:7070", "jiamei-server address");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(10),
          "measured time per phase");
ABSL_FLAG(absl::Duration, warmup, absl::Seconds(2), "unmeasured time first");
ABSL_FLAG(int, in_flight, 256, "calls kept outstanding");
ABSL_FLAG(int, accounts, 1000, "household accounts to spread transfers over");
ABSL_FLAG(int, channels, 2, "gRPC channels (connections) to spread calls over");
ABSL_FLAG(std::string, phases, "transfer,health", "phases to run, in order");
ABSL_FLAG(int, desks, 4,
          "expiry phase: desks recording awards one after another during "
          "the run");
ABSL_FLAG(int, rounds, 3,
          "rounds of the phases, alternating; medians reported");
ABSL_FLAG(bool, json, false, "print one JSON object instead of a table");
ABSL_FLAG(std::string, login, "admin",
          "admin to log in as; the password is read from $JIAMEI_PASSWORD");
ABSL_FLAG(int, server_pid, 0,
          "if set, the server's CPU time per call is measured from /proc");
ABSL_FLAG(std::string, export_lines, "",
          "with --phases=export alone: ledger sizes to grow to and export, "
          "e.g. 10000,100000 (clients/bench_export.h)");

namespace {

using jiamei::v1::LedgerService;
using jiamei::v1::RegistryService;
using jiamei::v1::SupermarketService;

using jiamei::bench::Clock;
using jiamei::bench::EnrollAll;
using jiamei::bench::ErrorList;
using jiamei::bench::JsonRow;
using jiamei::bench::LoadDriver;
using jiamei::bench::LogIn;
using jiamei::bench::MakeChannels;
using jiamei::bench::MakeMarket;
using jiamei::bench::MakeVillage;
using jiamei::bench::Market;
using jiamei::bench::Median;
using jiamei::bench::MedianRow;
using jiamei::bench::NewContext;
using jiamei::bench::PhaseResult;
using jiamei::bench::PrintRow;
using jiamei::bench::RedeemSlot;
using jiamei::bench::RequestIds;
using jiamei::bench::Row;
using jiamei::bench::RowOf;
using jiamei::bench::RunExpiryPhase;
using jiamei::bench::RunImportPhase;
using jiamei::bench::Slot;
using jiamei::bench::TimeAnnualReport;
using jiamei::bench::TimeAwardBatch;
using jiamei::bench::TimeCheckIns;
using jiamei::bench::TimeConfirm;
using jiamei::bench::TimedBackup;
using jiamei::bench::TimeExport;
using jiamei::v1::ActivityService;

class TransferSlot : public Slot {
 public:
  TransferSlot(LedgerService::Stub* stub, RequestIds* ids, std::string debit,
               const std::vector<std::string>* credits, uint32_t seed)
      : stub_(stub), ids_(ids), credits_(credits), random_(seed) {
    request_.set_debit_account(std::move(debit));
    request_.set_amount(1);
    request_.set_reason_code("BENCH");
  }
  void Start(std::function<void(const grpc::Status&)> done) override {
    context_ = NewContext();
    request_.set_request_id(ids_->Next());
    request_.set_credit_account((*credits_)[random_() % credits_->size()]);
    stub_->async()->CreateTransfer(context_.get(), &request_, &response_,
                                   std::move(done));
  }

 private:
  LedgerService::Stub* stub_;
  RequestIds* ids_;
  const std::vector<std::string>* credits_;
  std::minstd_rand random_;
  std::unique_ptr<grpc::ClientContext> context_;
  jiamei::v1::CreateTransferRequest request_;
  jiamei::v1::Transfer response_;
};

// Searches one village for a household by a name, number or phone prefix.
class SearchSlot : public Slot {
 public:
  SearchSlot(RegistryService::Stub* stub, std::string village,
             const std::vector<std::string>* queries, uint32_t seed)
      : stub_(stub), queries_(queries), random_(seed) {
    request_.set_unit(std::move(village));
    request_.set_page_size(20);
  }
  void Start(std::function<void(const grpc::Status&)> done) override {
    context_ = NewContext();
    request_.set_query((*queries_)[random_() % queries_->size()]);
    stub_->async()->SearchHouseholds(context_.get(), &request_, &response_,
                                     std::move(done));
  }

 private:
  RegistryService::Stub* stub_;
  const std::vector<std::string>* queries_;
  std::minstd_rand random_;
  std::unique_ptr<grpc::ClientContext> context_;
  jiamei::v1::SearchHouseholdsRequest request_;
  jiamei::v1::SearchHouseholdsResponse response_;
};

class HealthSlot : public Slot {
 public:
  explicit HealthSlot(grpc::health::v1::Health::Stub* stub) : stub_(stub) {}
  void Start(std::function<void(const grpc::Status&)> done) override {
    context_ = std::make_unique<grpc::ClientContext>();
    stub_->async()->Check(context_.get(), &request_, &response_,
                          std::move(done));
  }

 private:
  grpc::health::v1::Health::Stub* stub_;
  std::unique_ptr<grpc::ClientContext> context_;
  grpc::health::v1::HealthCheckRequest request_;
  grpc::health::v1::HealthCheckResponse response_;
};

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "jiamei-bench --target=HOST:PORT [--duration=10s --in_flight=256]\n"
      "    [--tls | --tls_ca=FILE] [--tls_cert=FILE --tls_key=FILE]");
  absl::ParseCommandLine(argc, argv);
  const int in_flight = absl::GetFlag(FLAGS_in_flight);
  const int channel_count = absl::GetFlag(FLAGS_channels);
  const int account_count = absl::GetFlag(FLAGS_accounts);
  if (in_flight < 1 || channel_count < 1 || account_count < 1) {
    std::cerr << "jiamei-bench: --in_flight, --channels and --accounts must be "
                 ">= 1\n";
    return 2;
  }
  const std::string target = absl::GetFlag(FLAGS_target);
  absl::StatusOr<std::vector<std::shared_ptr<grpc::Channel>>> made =
      MakeChannels(target, channel_count);
  if (!made.ok()) {
    std::cerr << "jiamei-bench: " << made.status().message() << "\n";
    return 2;
  }
  const std::vector<std::shared_ptr<grpc::Channel>> channels = *made;
  std::vector<std::unique_ptr<LedgerService::Stub>> ledgers;
  std::vector<std::unique_ptr<RegistryService::Stub>> registries;
  std::vector<std::unique_ptr<grpc::health::v1::Health::Stub>> healths;
  for (auto& channel : channels) {
    if (!channel->WaitForConnected(std::chrono::system_clock::now() +
                                   std::chrono::seconds(10))) {
      std::cerr << "jiamei-bench: cannot reach " << target << "\n";
      return 1;
    }
    ledgers.push_back(LedgerService::NewStub(channel));
    registries.push_back(RegistryService::NewStub(channel));
    healths.push_back(grpc::health::v1::Health::NewStub(channel));
  }

  RequestIds ids;
  std::string village;
  std::string issuance;
  std::vector<std::string> households;
  std::vector<std::string> household_names;
  std::vector<std::string> heads;
  std::vector<std::string> volunteers;
  std::string activity;
  Market market;
  const std::vector<std::string> phases =
      absl::StrSplit(absl::GetFlag(FLAGS_phases), ',', absl::SkipEmpty());
  // Search prefixes: a surname (a tenth of the village), a full head name,
  // a household number and a phone.
  const std::vector<std::string> queries = {"王", "李芳1", "00042",
                                            "1380000012"};
  if (phases == std::vector<std::string>{"import"}) {
    const grpc::Status login = LogIn(channels[0], absl::GetFlag(FLAGS_login));
    if (!login.ok()) {
      std::cerr << "jiamei-bench: " << login.error_message() << "\n";
      return 1;
    }
    return RunImportPhase(channels[0], &ids, account_count,
                          absl::GetFlag(FLAGS_rounds))
               ? 0
               : 1;
  }
  if (phases != std::vector<std::string>{"health"}) {
    grpc::Status setup = LogIn(channels[0], absl::GetFlag(FLAGS_login));
    if (setup.ok()) {
      setup = MakeVillage(channels[0], &ids, account_count, &village, &issuance,
                          &households, &household_names, &heads);
    }
    if (setup.ok() &&
        std::find(phases.begin(), phases.end(), "checkin") != phases.end()) {
      setup = EnrollAll(channels[0], &ids, heads, &volunteers);
    }
    const bool market_phases =
        std::find(phases.begin(), phases.end(), "redeem") != phases.end() ||
        std::find(phases.begin(), phases.end(), "award_batch") !=
            phases.end() ||
        std::find(phases.begin(), phases.end(), "export") != phases.end() ||
        std::find(phases.begin(), phases.end(), "annual_report") !=
            phases.end();
    if (setup.ok() && market_phases) {
      setup = MakeMarket(channels[0], &ids, village, household_names, &market);
    }
    if (!setup.ok()) {
      std::cerr << "jiamei-bench: setup failed: " << setup.error_message()
                << "\n";
      return 1;
    }
  }
  if (phases == std::vector<std::string>{"export"} &&
      !absl::GetFlag(FLAGS_export_lines).empty()) {
    std::vector<int64_t> sizes;
    for (absl::string_view word :
         absl::StrSplit(absl::GetFlag(FLAGS_export_lines), ',')) {
      int64_t size = 0;
      if (!absl::SimpleAtoi(word, &size) || size <= 0) {
        std::cerr << "jiamei-bench: --export_lines: not a size: " << word
                  << "\n";
        return 2;
      }
      sizes.push_back(size);
    }
    return jiamei::bench::RunExportSizes(
               channels[0], &ids, village, market.rule, household_names, sizes,
               absl::GetFlag(FLAGS_rounds), absl::GetFlag(FLAGS_server_pid))
               ? 0
               : 1;
  }
  if (phases == std::vector<std::string>{"expiry"}) {
    return RunExpiryPhase(channels[0], &ids, village, household_names,
                          absl::GetFlag(FLAGS_desks))
               ? 0
               : 1;
  }

  // rows[p][r]: phase p in round r. Phases alternate within each round so
  // that both see the same machine.
  std::vector<std::vector<Row>> rows(phases.size());
  std::vector<double> ratios;
  bool too_many_errors = false;
  std::vector<std::unique_ptr<SupermarketService::Stub>> markets;
  for (auto& channel : channels) {
    markets.push_back(SupermarketService::NewStub(channel));
  }
  for (int round = 1; round <= absl::GetFlag(FLAGS_rounds); ++round) {
    std::vector<double> throughputs;
    for (size_t p = 0; p < phases.size(); ++p) {
      if (phases[p] == "checkin" || phases[p] == "confirm") {
        auto stub = ActivityService::NewStub(channels[0]);
        rows[p].push_back(
            phases[p] == "checkin"
                ? TimeCheckIns(stub.get(), &ids, village, volunteers, round,
                               &activity, &too_many_errors)
                : TimeConfirm(stub.get(), &ids, activity, volunteers, round,
                              &too_many_errors));
        throughputs.push_back(rows[p].back().calls_per_s);
        continue;
      }
      if (phases[p] == "export") {
        rows[p].push_back(TimeExport(
            channels[0], village, static_cast<double>(household_names.size()),
            absl::GetFlag(FLAGS_server_pid), round, &too_many_errors));
        throughputs.push_back(rows[p].back().calls_per_s);
        continue;
      }
      if (phases[p] == "annual_report") {
        auto stub = jiamei::v1::ReportService::NewStub(channels[0]);
        rows[p].push_back(
            TimeAnnualReport(stub.get(), village, round, &too_many_errors));
        throughputs.push_back(rows[p].back().calls_per_s);
        continue;
      }
      if (phases[p] == "award_batch") {
        rows[p].push_back(TimeAwardBatch(markets[0].get(), &ids, market.rule,
                                         household_names, round,
                                         &too_many_errors));
        throughputs.push_back(rows[p].back().calls_per_s);
        continue;
      }
      std::vector<std::unique_ptr<Slot>> slots;
      for (int i = 0; i < in_flight; ++i) {
        const size_t c = static_cast<size_t>(i) % channels.size();
        if (phases[p] == "transfer" || phases[p] == "transfer_backup") {
          slots.push_back(std::make_unique<TransferSlot>(
              ledgers[c].get(), &ids, issuance, &households, i + 1));
        } else if (phases[p] == "search") {
          slots.push_back(std::make_unique<SearchSlot>(
              registries[c].get(), village, &queries, i + 1));
        } else if (phases[p] == "redeem") {
          slots.push_back(std::make_unique<RedeemSlot>(
              markets[c].get(), &ids, market.site, &household_names,
              &market.goods, i + 1));
        } else if (phases[p] == "health") {
          slots.push_back(std::make_unique<HealthSlot>(healths[c].get()));
        } else {
          std::cerr << "jiamei-bench: unknown phase " << phases[p] << "\n";
          return 2;
        }
      }
      LoadDriver driver(std::move(slots), absl::GetFlag(FLAGS_warmup),
                        absl::GetFlag(FLAGS_duration));
      std::unique_ptr<TimedBackup> backup;
      if (phases[p] == "transfer_backup") {
        backup = std::make_unique<TimedBackup>(
            channels[0], absl::GetFlag(FLAGS_warmup) + absl::Seconds(1));
      }
      PhaseResult result =
          driver.Run(phases[p], absl::GetFlag(FLAGS_server_pid));
      if (backup != nullptr) too_many_errors |= !backup->Report(round);
      if (result.ErrorCount() > 0) {
        std::cerr << phases[p] << " #" << round
                  << " errors: " << ErrorList(result, "") << "\n";
      }
      too_many_errors |=
          result.ErrorCount() * 100 > result.ok + result.ErrorCount();
      rows[p].push_back(RowOf(result, round));
      throughputs.push_back(result.Throughput());
    }
    if (throughputs.size() == 2 && phases[1] == "health" &&
        throughputs[1] > 0) {
      ratios.push_back(throughputs[0] / throughputs[1]);
    }
  }

  std::vector<Row> medians;
  for (size_t p = 0; p < phases.size(); ++p) {
    medians.push_back(MedianRow(phases[p] + " median", rows[p]));
  }
  const double ratio = ratios.empty() ? 0 : Median(ratios);
  if (absl::GetFlag(FLAGS_json)) {
    std::vector<std::string> parts;
    for (const Row& row : medians) parts.push_back(JsonRow(row));
    std::cout << "{" << absl::StrJoin(parts, ",")
              << absl::StrFormat(",\"ratio\":%.3f}\n", ratio);
  } else {
    std::cout << absl::StrFormat(
        "jiamei-bench: %s, %d calls in flight over %d channels, %s warmup + "
        "%s measured per phase, %d rounds\n",
        target, in_flight, channel_count,
        absl::FormatDuration(absl::GetFlag(FLAGS_warmup)),
        absl::FormatDuration(absl::GetFlag(FLAGS_duration)),
        absl::GetFlag(FLAGS_rounds));
    std::cout << absl::StrFormat("%-18s %10s %8s %10s %8s %8s %9s %9s\n",
                                 "phase", "calls", "errors", "calls/s",
                                 "p50 ms", "p99 ms", "p99.9 ms", "srv us");
    for (const auto& phase_rows : rows) {
      for (const Row& row : phase_rows) PrintRow(row);
    }
    for (const Row& row : medians) PrintRow(row);
    if (!ratios.empty()) {
      std::cout << absl::StrFormat(
          "ratio %s/%s throughput, median of %d rounds: %.2f\n", phases[0],
          phases[1], ratios.size(), ratio);
    }
  }
  return too_many_errors ? 1 : 0;
}
