// jiamei-bench: drives a running jiamei-server with a fixed number of calls
// in flight for a set time and prints throughput and latency, first for
// durable ledger transfers, then for the empty health Check call (the
// ceiling of what gRPC alone can do on this machine), and their ratio.
//
//   jiamei-bench --target=127.0.0.1:7070 --duration=10s --in_flight=256
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
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
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "clients/status_text.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "jiamei/v1/ledger.grpc.pb.h"

ABSL_FLAG(std::string, target, "127.0.0.1:7070", "jiamei-server address");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(10),
          "measured time per phase");
ABSL_FLAG(absl::Duration, warmup, absl::Seconds(2), "unmeasured time first");
ABSL_FLAG(int, in_flight, 256, "calls kept outstanding");
ABSL_FLAG(int, accounts, 1000, "household accounts to spread transfers over");
ABSL_FLAG(int, channels, 2, "gRPC channels (connections) to spread calls over");
ABSL_FLAG(std::string, phases, "transfer,health", "phases to run, in order");
ABSL_FLAG(int, rounds, 3,
          "rounds of the phases, alternating; medians reported");
ABSL_FLAG(bool, json, false, "print one JSON object instead of a table");

namespace {

using Clock = std::chrono::steady_clock;
using jiamei::v1::LedgerService;

// Unique request ids: a random run prefix and a counter.
class RequestIds {
 public:
  RequestIds() {
    std::random_device random;
    prefix_ = absl::StrFormat("bench-%08x%08x-", random(), random());
  }
  std::string Next() { return absl::StrCat(prefix_, counter_.fetch_add(1)); }

 private:
  std::string prefix_;
  std::atomic<uint64_t> counter_{0};
};

// One outstanding-call slot. A slot runs one call at a time, so its
// request, response and tallies need no lock: each completion happens
// before the next start.
class Slot {
 public:
  virtual ~Slot() = default;
  // Starts one call; `done` runs on a gRPC thread when it ends.
  virtual void Start(std::function<void(const grpc::Status&)> done) = 0;

  std::vector<double> latencies_ms;
  std::array<uint64_t, 17> by_code{};
  Clock::time_point started;
};

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
    context_ = std::make_unique<grpc::ClientContext>();
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

struct PhaseResult {
  std::string name;
  uint64_t ok = 0;
  std::array<uint64_t, 17> errors{};
  double seconds = 0;
  std::vector<double> latencies_ms;  // sorted

  double Throughput() const { return static_cast<double>(ok) / seconds; }
  double Percentile(double p) const {
    if (latencies_ms.empty()) return 0;
    size_t rank =
        static_cast<size_t>(p / 100.0 * latencies_ms.size() + 0.999999);
    return latencies_ms[std::clamp<size_t>(rank, 1, latencies_ms.size()) - 1];
  }
  uint64_t ErrorCount() const {
    uint64_t n = 0;
    for (uint64_t e : errors) n += e;
    return n;
  }
};

// Keeps every slot busy until the window closes, then waits for the drain.
// Only calls that start and end inside the measured window are counted.
class LoadDriver {
 public:
  LoadDriver(std::vector<std::unique_ptr<Slot>> slots, absl::Duration warmup,
             absl::Duration duration)
      : slots_(std::move(slots)),
        measure_from_(Clock::now() + absl::ToChronoNanoseconds(warmup)),
        measure_to_(measure_from_ + absl::ToChronoNanoseconds(duration)) {}

  PhaseResult Run(const std::string& name) {
    outstanding_ = static_cast<int>(slots_.size());
    for (auto& slot : slots_) StartOn(slot.get());
    drained_.WaitForNotification();
    PhaseResult result;
    result.name = name;
    result.seconds =
        std::chrono::duration<double>(measure_to_ - measure_from_).count();
    for (auto& slot : slots_) {
      result.ok += slot->by_code[0];
      for (size_t c = 1; c < slot->by_code.size(); ++c) {
        result.errors[c] += slot->by_code[c];
      }
      result.latencies_ms.insert(result.latencies_ms.end(),
                                 slot->latencies_ms.begin(),
                                 slot->latencies_ms.end());
    }
    std::sort(result.latencies_ms.begin(), result.latencies_ms.end());
    return result;
  }

 private:
  void StartOn(Slot* slot) {
    slot->started = Clock::now();
    slot->Start(
        [this, slot](const grpc::Status& status) { Finished(slot, status); });
  }

  void Finished(Slot* slot, const grpc::Status& status) {
    const Clock::time_point now = Clock::now();
    if (slot->started >= measure_from_ && now <= measure_to_) {
      const int code = std::clamp(static_cast<int>(status.error_code()), 0, 16);
      ++slot->by_code[code];
      if (status.ok()) {
        slot->latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(now - slot->started)
                .count());
      }
    }
    if (now < measure_to_) {
      StartOn(slot);
    } else if (outstanding_.fetch_sub(1) == 1) {
      drained_.Notify();
    }
  }

  std::vector<std::unique_ptr<Slot>> slots_;
  const Clock::time_point measure_from_;
  const Clock::time_point measure_to_;
  std::atomic<int> outstanding_{0};
  absl::Notification drained_;
};

std::vector<std::shared_ptr<grpc::Channel>> MakeChannels(
    const std::string& target, int count) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < count; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("jiamei.bench.channel", i);  // distinct args: own connection
    channels.push_back(grpc::CreateCustomChannel(
        target, grpc::InsecureChannelCredentials(), args));
  }
  return channels;
}

grpc::Status OpenAccount(LedgerService::Stub* stub, RequestIds* ids,
                         jiamei::v1::AccountKind kind, const std::string& name,
                         std::string* account) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
  jiamei::v1::CreateAccountRequest request;
  request.set_request_id(ids->Next());
  request.set_kind(kind);
  request.set_display_name(name);
  jiamei::v1::Account response;
  grpc::Status status = stub->CreateAccount(&context, request, &response);
  *account = response.name();
  return status;
}

// One issuance account and `count` households, opened by a few threads.
grpc::Status OpenAccounts(LedgerService::Stub* stub, RequestIds* ids, int count,
                          std::string* issuance,
                          std::vector<std::string>* households) {
  grpc::Status status = OpenAccount(
      stub, ids, jiamei::v1::ACCOUNT_KIND_ISSUANCE, "bench township", issuance);
  if (!status.ok()) return status;
  households->assign(count, "");
  constexpr int kThreads = 16;
  std::vector<grpc::Status> statuses(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < count && statuses[t].ok(); i += kThreads) {
        statuses[t] =
            OpenAccount(stub, ids, jiamei::v1::ACCOUNT_KIND_HOUSEHOLD,
                        absl::StrCat("bench household ", i), &(*households)[i]);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const grpc::Status& s : statuses) {
    if (!s.ok()) return s;
  }
  return grpc::Status::OK;
}

std::string ErrorList(const PhaseResult& r, absl::string_view quote) {
  std::vector<std::string> parts;
  for (size_t c = 1; c < r.errors.size(); ++c) {
    if (r.errors[c] > 0) {
      parts.push_back(absl::StrCat(
          quote, jiamei::clients::CodeName(static_cast<grpc::StatusCode>(c)),
          quote, ":", r.errors[c]));
    }
  }
  return absl::StrJoin(parts, ", ");
}

// One printed line: a phase in one round, or the median over rounds.
struct Row {
  std::string label;
  double calls = 0;
  double errors = 0;
  double calls_per_s = 0;
  double p50 = 0;
  double p99 = 0;
  double p999 = 0;
};

Row RowOf(const PhaseResult& r, int round) {
  return {absl::StrCat(r.name, " #", round),
          static_cast<double>(r.ok),
          static_cast<double>(r.ErrorCount()),
          r.Throughput(),
          r.Percentile(50),
          r.Percentile(99),
          r.Percentile(99.9)};
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// Each column's median over the rounds, so that one noisy round on a shared
// machine does not decide the figure.
Row MedianRow(const std::string& label, const std::vector<Row>& rows) {
  const auto column = [&rows](double Row::*field) {
    std::vector<double> values;
    for (const Row& row : rows) values.push_back(row.*field);
    return Median(values);
  };
  return {label,
          column(&Row::calls),
          column(&Row::errors),
          column(&Row::calls_per_s),
          column(&Row::p50),
          column(&Row::p99),
          column(&Row::p999)};
}

void PrintRow(const Row& r) {
  std::cout << absl::StrFormat("%-18s %10.0f %8.0f %10.0f %8.2f %8.2f %9.2f\n",
                               r.label, r.calls, r.errors, r.calls_per_s, r.p50,
                               r.p99, r.p999);
}

std::string JsonRow(const Row& r) {
  return absl::StrFormat(
      "\"%s\":{\"calls\":%.0f,\"errors\":%.0f,\"calls_per_s\":%.1f,"
      "\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f}",
      r.label, r.calls, r.errors, r.calls_per_s, r.p50, r.p99, r.p999);
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "jiamei-bench --target=HOST:PORT [--duration=10s --in_flight=256]");
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
  auto channels = MakeChannels(target, channel_count);
  std::vector<std::unique_ptr<LedgerService::Stub>> ledgers;
  std::vector<std::unique_ptr<grpc::health::v1::Health::Stub>> healths;
  for (auto& channel : channels) {
    if (!channel->WaitForConnected(std::chrono::system_clock::now() +
                                   std::chrono::seconds(10))) {
      std::cerr << "jiamei-bench: cannot reach " << target << "\n";
      return 1;
    }
    ledgers.push_back(LedgerService::NewStub(channel));
    healths.push_back(grpc::health::v1::Health::NewStub(channel));
  }

  RequestIds ids;
  std::string issuance;
  std::vector<std::string> households;
  const std::vector<std::string> phases =
      absl::StrSplit(absl::GetFlag(FLAGS_phases), ',', absl::SkipEmpty());
  if (std::find(phases.begin(), phases.end(), "transfer") != phases.end()) {
    grpc::Status setup = OpenAccounts(ledgers[0].get(), &ids, account_count,
                                      &issuance, &households);
    if (!setup.ok()) {
      std::cerr << "jiamei-bench: setup failed: " << setup.error_message()
                << "\n";
      return 1;
    }
  }

  // rows[p][r]: phase p in round r. Phases alternate within each round so
  // that both see the same machine.
  std::vector<std::vector<Row>> rows(phases.size());
  std::vector<double> ratios;
  bool too_many_errors = false;
  for (int round = 1; round <= absl::GetFlag(FLAGS_rounds); ++round) {
    std::vector<double> throughputs;
    for (size_t p = 0; p < phases.size(); ++p) {
      std::vector<std::unique_ptr<Slot>> slots;
      for (int i = 0; i < in_flight; ++i) {
        const size_t c = static_cast<size_t>(i) % channels.size();
        if (phases[p] == "transfer") {
          slots.push_back(std::make_unique<TransferSlot>(
              ledgers[c].get(), &ids, issuance, &households, i + 1));
        } else if (phases[p] == "health") {
          slots.push_back(std::make_unique<HealthSlot>(healths[c].get()));
        } else {
          std::cerr << "jiamei-bench: unknown phase " << phases[p] << "\n";
          return 2;
        }
      }
      LoadDriver driver(std::move(slots), absl::GetFlag(FLAGS_warmup),
                        absl::GetFlag(FLAGS_duration));
      PhaseResult result = driver.Run(phases[p]);
      if (result.ErrorCount() > 0) {
        std::cerr << phases[p] << " #" << round
                  << " errors: " << ErrorList(result, "") << "\n";
      }
      too_many_errors |=
          result.ErrorCount() * 100 > result.ok + result.ErrorCount();
      rows[p].push_back(RowOf(result, round));
      throughputs.push_back(result.Throughput());
    }
    if (throughputs.size() == 2 && throughputs[1] > 0) {
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
    std::cout << absl::StrFormat("%-18s %10s %8s %10s %8s %8s %9s\n", "phase",
                                 "calls", "errors", "calls/s", "p50 ms",
                                 "p99 ms", "p99.9 ms");
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
