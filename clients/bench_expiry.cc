#include "clients/bench_expiry.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "jiamei/v1/organization.grpc.pb.h"
#include "jiamei/v1/policy.grpc.pb.h"
#include "jiamei/v1/supermarket.grpc.pb.h"
#include "storage/core/china_time.h"

namespace jiamei::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kBatchLines = 10000;

double Ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// Latencies of the desks' calls, split at the start and end of the run.
class DeskLoad {
 public:
  DeskLoad(const std::shared_ptr<grpc::Channel>& channel, RequestIds* ids,
           std::string rule, const std::vector<std::string>& households,
           int desks)
      : stub_(v1::SupermarketService::NewStub(channel)),
        ids_(ids),
        rule_(std::move(rule)),
        households_(households) {
    for (int d = 0; d < desks; ++d)
      threads_.emplace_back([this, d] { Desk(d); });
  }
  ~DeskLoad() { Stop(); }

  void Mark(int phase) { phase_.store(phase); }
  void Stop() {
    stopping_.store(true);
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  void Print(int phase, const char* label) {
    absl::MutexLock lock(&mu_);
    std::vector<double>& l = latencies_[phase];
    std::sort(l.begin(), l.end());
    if (l.empty()) {
      std::printf("%-22s no calls\n", label);
      return;
    }
    std::printf(
        "%-22s %7zu awards  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms"
        "  errors %d\n",
        label, l.size(), l[l.size() / 2], l[l.size() * 99 / 100], l.back(),
        errors_[phase]);
  }

 private:
  void Desk(int seed) {
    std::mt19937 random(seed);
    while (!stopping_.load()) {
      v1::AwardPointsRequest request;
      request.set_request_id(ids_->Next());
      request.set_household(households_[random() % households_.size()]);
      request.set_rule(rule_);
      request.set_note("desk during expiry");
      v1::Award award;
      const int phase = phase_.load();
      const Clock::time_point start = Clock::now();
      const bool ok =
          stub_->AwardPoints(NewContext().get(), request, &award).ok();
      const double ms = Ms(Clock::now() - start);
      absl::MutexLock lock(&mu_);
      latencies_[phase].push_back(ms);
      if (!ok) ++errors_[phase];
    }
  }

  std::unique_ptr<v1::SupermarketService::Stub> stub_;
  RequestIds* ids_;
  const std::string rule_;
  const std::vector<std::string>& households_;
  std::atomic<int> phase_{0};
  std::atomic<bool> stopping_{false};
  absl::Mutex mu_;
  std::vector<double> latencies_[2] ABSL_GUARDED_BY(mu_);
  int errors_[2] ABSL_GUARDED_BY(mu_) = {0, 0};
  std::vector<std::thread> threads_;
};

bool Check(const grpc::Status& status, const char* what) {
  if (!status.ok()) {
    std::cerr << "jiamei-bench expiry: " << what << ": "
              << status.error_message() << "\n";
  }
  return status.ok();
}

}  // namespace

bool RunExpiryPhase(const std::shared_ptr<grpc::Channel>& channel,
                    RequestIds* ids, const std::string& village,
                    const std::vector<std::string>& households, int desks) {
  auto org = v1::OrganizationService::NewStub(channel);
  auto market = v1::SupermarketService::NewStub(channel);
  auto policy = v1::PolicyService::NewStub(channel);
  v1::GetUnitRequest get;
  get.set_name(village);
  v1::Unit unit;
  if (!Check(org->GetUnit(NewContext().get(), get, &unit), "GetUnit")) {
    return false;
  }
  v1::SetUnitPolicyRequest set;
  set.set_request_id(ids->Next());
  set.mutable_policy()->set_unit(unit.parent());
  set.mutable_policy()->mutable_expiry()->set_mode(v1::EXPIRY_MODE_YEAR_END);
  v1::UnitPolicy set_policy;
  if (!Check(policy->SetUnitPolicy(NewContext().get(), set, &set_policy),
             "SetUnitPolicy")) {
    return false;
  }
  v1::PublishRuleRequest publish;
  publish.set_request_id(ids->Next());
  publish.mutable_rule()->set_unit(village);
  publish.mutable_rule()->set_code("EXPIRY-BENCH");
  publish.mutable_rule()->set_display_name("bench rule");
  publish.mutable_rule()->set_category(v1::RULE_CATEGORY_HYGIENE);
  publish.mutable_rule()->set_points(10);
  publish.mutable_rule()->set_valid_from("2000-01-01");
  v1::Rule rule;
  if (!Check(market->PublishRule(NewContext().get(), publish, &rule),
             "PublishRule")) {
    return false;
  }
  // Points earned last December: what a yearly expiry takes.
  const absl::CivilDay today = storage::ChinaDay(absl::Now());
  const std::string last_december =
      absl::FormatCivilTime(absl::CivilDay(today.year() - 1, 12, 15));
  const Clock::time_point award_start = Clock::now();
  for (size_t from = 0; from < households.size(); from += kBatchLines) {
    v1::AwardBatchRequest batch;
    batch.set_request_id(ids->Next());
    batch.set_event_date(last_december);
    for (size_t i = from; i < households.size() && i < from + kBatchLines;
         ++i) {
      v1::AwardLine* line = batch.add_lines();
      line->set_household(households[i]);
      line->set_rule(rule.name());
      line->set_note("last year's evaluation");
    }
    v1::AwardBatchResponse awarded;
    if (!Check(market->AwardBatch(NewContext().get(), batch, &awarded),
               "AwardBatch")) {
      return false;
    }
  }
  std::printf("awarded %zu households in %.0f ms (event date %s)\n",
              households.size(), Ms(Clock::now() - award_start),
              last_december.c_str());

  DeskLoad load(channel, ids, rule.name(), households, desks);
  absl::SleepFor(absl::Seconds(5));
  load.Mark(1);
  v1::RunExpiryRequest run;
  run.set_request_id(ids->Next());
  run.set_unit(unit.parent());
  v1::RunExpiryResponse ran;
  const Clock::time_point start = Clock::now();
  const grpc::Status status = policy->RunExpiry(NewContext().get(), run, &ran);
  const double run_ms = Ms(Clock::now() - start);
  load.Stop();
  if (!Check(status, "RunExpiry")) return false;
  std::printf("expiry of %lld households, %lld points: %.0f ms (%zu chunks)\n",
              static_cast<long long>(ran.households()),
              static_cast<long long>(ran.points()), run_ms,
              ran.runs_size() > 0
                  ? static_cast<size_t>(ran.runs(0).sequences_size())
                  : 0);
  load.Print(0, "desks before (5 s)");
  load.Print(1, "desks during the run");
  return true;
}

}  // namespace jiamei::bench
