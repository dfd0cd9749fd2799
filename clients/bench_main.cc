// jiamei-bench: drives a running jiamei-server with a fixed number of calls
// in flight for a set time and prints throughput and latency, first for
// durable ledger transfers, then for the empty health Check call (the
// ceiling of what gRPC alone can do on this machine), and their ratio; or
// for household searches in one village. It logs in as an admin (password
// in $JIAMEI_PASSWORD), makes a county, township and village with
// --accounts households, and awards points from the village's issuance
// account. With --server_pid it also prints the server's CPU time per call.
// The points-supermarket phases: `redeem` (redemptions of 3 goods each at
// one site, random households) and `award_batch` (one AwardBatch of every
// household, timed as one call per round). The volunteer-service phases:
// `checkin` (every household's head, enrolled as a volunteer, checked in
// to one activity by the organiser, 16 at a time) and `confirm` (that
// activity closed and its hours confirmed in one call, timed). The
// `expiry` phase (alone) runs a yearly expiry over every household while
// desks keep awarding (clients/bench_expiry.h). The `transfer_backup`
// phase is `transfer` with a backup taken 1 s into its measured window
// (clients/bench_backup.h), to run beside it.
//
//   JIAMEI_PASSWORD=... jiamei-bench --target=127.0.0.1:7070 --in_flight=256
//   JIAMEI_PASSWORD=... jiamei-bench --phases=search --accounts=10000
//   JIAMEI_PASSWORD=... jiamei-bench --phases=redeem,health
//   JIAMEI_PASSWORD=... jiamei-bench --phases=award_batch --accounts=5000
//   JIAMEI_PASSWORD=... jiamei-bench --phases=checkin,confirm --accounts=500
//   JIAMEI_PASSWORD=... jiamei-bench --phases=expiry --accounts=100000
//   JIAMEI_PASSWORD=... jiamei-bench --phases=transfer,transfer_backup
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
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
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "clients/bench_backup.h"
#include "clients/bench_common.h"
#include "clients/bench_expiry.h"
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

namespace {

using Clock = std::chrono::steady_clock;
using jiamei::v1::LedgerService;
using jiamei::v1::RegistryService;
using jiamei::v1::SupermarketService;

using jiamei::bench::AuthHeader;
using jiamei::bench::NewContext;
using jiamei::bench::RequestIds;

// CPU seconds the process `pid` has used (user + system), from /proc.
double ProcessCpuSeconds(int pid) {
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string text((std::istreambuf_iterator<char>(stat)),
                   std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces) start at ") ".
  const size_t end = text.rfind(") ");
  if (end == std::string::npos) return 0;
  std::vector<std::string> fields = absl::StrSplit(text.substr(end + 2), ' ');
  if (fields.size() < 13) return 0;
  double utime = 0;
  double stime = 0;
  if (!absl::SimpleAtod(fields[11], &utime) ||
      !absl::SimpleAtod(fields[12], &stime)) {
    return 0;
  }
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

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

// Redeems 3 distinct goods, 1 of each, for a random household.
class RedeemSlot : public Slot {
 public:
  RedeemSlot(SupermarketService::Stub* stub, RequestIds* ids, std::string site,
             const std::vector<std::string>* households,
             const std::vector<std::string>* goods, uint32_t seed)
      : stub_(stub),
        ids_(ids),
        households_(households),
        goods_(goods),
        random_(seed) {
    request_.set_site(std::move(site));
    for (int i = 0; i < 3; ++i) request_.add_lines()->set_quantity(1);
  }
  void Start(std::function<void(const grpc::Status&)> done) override {
    context_ = NewContext();
    request_.set_request_id(ids_->Next());
    request_.set_household((*households_)[random_() % households_->size()]);
    const size_t first = random_() % goods_->size();
    for (size_t i = 0; i < 3; ++i) {
      request_.mutable_lines(static_cast<int>(i))
          ->set_good((*goods_)[(first + i) % goods_->size()]);
    }
    stub_->async()->Redeem(context_.get(), &request_, &response_,
                           std::move(done));
  }

 private:
  SupermarketService::Stub* stub_;
  RequestIds* ids_;
  const std::vector<std::string>* households_;
  const std::vector<std::string>* goods_;
  std::minstd_rand random_;
  std::unique_ptr<grpc::ClientContext> context_;
  jiamei::v1::RedeemRequest request_;
  jiamei::v1::Redemption response_;
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
  double server_cpu_seconds = 0;     // in the window; 0 if not measured

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

  PhaseResult Run(const std::string& name, int server_pid) {
    outstanding_ = static_cast<int>(slots_.size());
    for (auto& slot : slots_) StartOn(slot.get());
    double cpu = 0;
    if (server_pid > 0) {
      std::this_thread::sleep_until(measure_from_);
      cpu = -ProcessCpuSeconds(server_pid);
      std::this_thread::sleep_until(measure_to_);
      cpu += ProcessCpuSeconds(server_pid);
    }
    drained_.WaitForNotification();
    PhaseResult result;
    result.server_cpu_seconds = cpu;
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

// `count` channels to `target`, secured as the --tls flags say.
absl::StatusOr<std::vector<std::shared_ptr<grpc::Channel>>> MakeChannels(
    const std::string& target, int count) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < count; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("jiamei.bench.channel", i);  // distinct args: own connection
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
        jiamei::clients::ChannelFromFlags(target, args);
    if (!channel.ok()) return channel.status();
    channels.push_back(*std::move(channel));
  }
  return channels;
}

grpc::Status LogIn(const std::shared_ptr<grpc::Channel>& channel) {
  const char* password = std::getenv("JIAMEI_PASSWORD");
  if (password == nullptr) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "set $JIAMEI_PASSWORD to the admin's password");
  }
  auto stub = jiamei::v1::AccessService::NewStub(channel);
  grpc::ClientContext context;
  jiamei::v1::LoginRequest request;
  request.set_login(absl::GetFlag(FLAGS_login));
  request.set_password(password);
  jiamei::v1::LoginResponse response;
  grpc::Status status = stub->Login(&context, request, &response);
  AuthHeader() = "Bearer " + response.token();
  return status;
}

grpc::Status AddUnit(jiamei::v1::OrganizationService::Stub* stub,
                     RequestIds* ids, jiamei::v1::UnitLevel level,
                     const std::string& parent, jiamei::v1::Unit* unit) {
  jiamei::v1::CreateUnitRequest request;
  request.set_request_id(ids->Next());
  request.mutable_unit()->set_code(ids->Next());
  request.mutable_unit()->set_display_name("bench unit");
  request.mutable_unit()->set_level(level);
  request.mutable_unit()->set_parent(parent);
  return stub->CreateUnit(NewContext().get(), request, unit);
}

// Household i: a head named from common surnames, a number and a phone.
jiamei::v1::CreateHouseholdRequest HouseholdRequest(RequestIds* ids,
                                                    const std::string& village,
                                                    int i) {
  static const char* const kSurnames[] = {"王", "李", "张", "刘", "陈",
                                          "杨", "黄", "赵", "吴", "周"};
  static const char* const kGiven[] = {"芳", "秀英", "敏", "静", "丽",
                                       "强", "磊",   "军", "洋", "勇"};
  jiamei::v1::CreateHouseholdRequest request;
  request.set_request_id(ids->Next());
  request.mutable_household()->set_village(village);
  request.mutable_household()->set_number(absl::StrFormat("%05d", i));
  request.mutable_household()->set_address(absl::StrCat(i, " Main road"));
  request.mutable_head()->set_full_name(
      absl::StrCat(kSurnames[i % 10], kGiven[(i / 10) % 10], i / 100));
  request.mutable_head()->set_phone(absl::StrFormat("138%08d", i));
  return request;
}

// A village with `count` households, made by a few threads: the village's
// issuance account and the households' accounts.
grpc::Status MakeVillage(const std::shared_ptr<grpc::Channel>& channel,
                         RequestIds* ids, int count, std::string* village,
                         std::string* issuance,
                         std::vector<std::string>* households,
                         std::vector<std::string>* household_names,
                         std::vector<std::string>* heads) {
  auto org = jiamei::v1::OrganizationService::NewStub(channel);
  jiamei::v1::Unit county, township, unit;
  grpc::Status status =
      AddUnit(org.get(), ids, jiamei::v1::UNIT_LEVEL_COUNTY, "", &county);
  if (status.ok()) {
    status = AddUnit(org.get(), ids, jiamei::v1::UNIT_LEVEL_TOWNSHIP,
                     county.name(), &township);
  }
  if (status.ok()) {
    status = AddUnit(org.get(), ids, jiamei::v1::UNIT_LEVEL_VILLAGE,
                     township.name(), &unit);
  }
  if (!status.ok()) return status;
  *village = unit.name();
  *issuance = unit.issuance_account();
  auto registry = RegistryService::NewStub(channel);
  households->assign(count, "");
  household_names->assign(count, "");
  heads->assign(count, "");
  constexpr int kThreads = 16;
  std::vector<grpc::Status> statuses(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < count && statuses[t].ok(); i += kThreads) {
        jiamei::v1::Household household;
        statuses[t] = registry->CreateHousehold(
            NewContext().get(), HouseholdRequest(ids, *village, i), &household);
        (*households)[i] = household.account();
        (*household_names)[i] = household.name();
        (*heads)[i] = household.head();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const grpc::Status& s : statuses) {
    if (!s.ok()) return s;
  }
  return grpc::Status::OK;
}

// One AwardBatch line per household under `rule`.
jiamei::v1::AwardBatchRequest AwardEveryone(
    RequestIds* ids, const std::string& rule,
    const std::vector<std::string>& households) {
  jiamei::v1::AwardBatchRequest request;
  request.set_request_id(ids->Next());
  for (const std::string& household : households) {
    jiamei::v1::AwardLine* line = request.add_lines();
    line->set_household(household);
    line->set_rule(rule);
    line->set_note("bench evaluation");
  }
  return request;
}

// A supermarket for the village: a rule without cap, every household
// awarded its points once, a site with six goods (1 to 3 points) and a
// million of each in stock.
struct Market {
  std::string rule;
  std::string site;
  std::vector<std::string> goods;
};

grpc::Status MakeMarket(const std::shared_ptr<grpc::Channel>& channel,
                        RequestIds* ids, const std::string& village,
                        const std::vector<std::string>& households,
                        Market* market) {
  auto stub = SupermarketService::NewStub(channel);
  jiamei::v1::PublishRuleRequest publish;
  publish.set_request_id(ids->Next());
  jiamei::v1::Rule* rule = publish.mutable_rule();
  rule->set_unit(village);
  rule->set_code("BENCH-01");
  rule->set_display_name("bench rule");
  rule->set_category(jiamei::v1::RULE_CATEGORY_HYGIENE);
  rule->set_points(100000);
  rule->set_valid_from("2000-01-01");
  jiamei::v1::Rule published;
  grpc::Status status =
      stub->PublishRule(NewContext().get(), publish, &published);
  if (!status.ok()) return status;
  market->rule = published.name();
  jiamei::v1::AwardBatchResponse awarded;
  status =
      stub->AwardBatch(NewContext().get(),
                       AwardEveryone(ids, market->rule, households), &awarded);
  if (!status.ok()) return status;
  jiamei::v1::CreateSiteRequest create;
  create.set_request_id(ids->Next());
  create.mutable_site()->set_unit(village);
  create.mutable_site()->set_display_name("bench site");
  create.mutable_site()->add_villages(village);
  jiamei::v1::Site site;
  status = stub->CreateSite(NewContext().get(), create, &site);
  if (!status.ok()) return status;
  market->site = site.name();
  for (int i = 0; i < 6 && status.ok(); ++i) {
    jiamei::v1::AddGoodRequest add;
    add.set_request_id(ids->Next());
    add.mutable_good()->set_site(site.name());
    add.mutable_good()->set_display_name(absl::StrCat("bench good ", i));
    add.mutable_good()->set_measure("piece");
    add.mutable_good()->set_price(1 + i % 3);
    add.mutable_good()->set_active(true);
    jiamei::v1::Good good;
    status = stub->AddGood(NewContext().get(), add, &good);
    if (!status.ok()) break;
    market->goods.push_back(good.name());
    jiamei::v1::StockInRequest stock;
    stock.set_request_id(ids->Next());
    stock.set_good(good.name());
    stock.set_quantity(1000000);
    stock.set_kind(jiamei::v1::STOCK_MOVEMENT_KIND_PURCHASE);
    stock.set_note("bench stock");
    jiamei::v1::StockMovement movement;
    status = stub->StockIn(NewContext().get(), stock, &movement);
  }
  return status;
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
  double cpu_us_per_call = 0;  // the server's; 0 when not measured
};

Row RowOf(const PhaseResult& r, int round) {
  return {
      absl::StrCat(r.name, " #", round),
      static_cast<double>(r.ok),
      static_cast<double>(r.ErrorCount()),
      r.Throughput(),
      r.Percentile(50),
      r.Percentile(99),
      r.Percentile(99.9),
      r.ok > 0 ? r.server_cpu_seconds * 1e6 / static_cast<double>(r.ok) : 0};
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
          column(&Row::p999),
          column(&Row::cpu_us_per_call)};
}

// Enrols every head as a volunteer; their "volunteers/N" names.
grpc::Status EnrollAll(const std::shared_ptr<grpc::Channel>& channel,
                       RequestIds* ids, const std::vector<std::string>& heads,
                       std::vector<std::string>* volunteers) {
  auto stub = jiamei::v1::VolunteerService::NewStub(channel);
  for (const std::string& head : heads) {
    jiamei::v1::EnrollVolunteerRequest request;
    request.set_request_id(ids->Next());
    request.set_person(head);
    request.set_join_date("2026-01-01");
    jiamei::v1::Volunteer volunteer;
    grpc::Status status =
        stub->EnrollVolunteer(NewContext().get(), request, &volunteer);
    if (!status.ok()) return status;
    volunteers->push_back(volunteer.name());
  }
  return grpc::Status::OK;
}

using jiamei::v1::ActivityService;

void MoveActivity(ActivityService::Stub* stub, RequestIds* ids,
                  const std::string& activity,
                  jiamei::v1::ActivityStatus status) {
  jiamei::v1::SetActivityStatusRequest request;
  request.set_request_id(ids->Next());
  request.set_name(activity);
  request.set_status(status);
  jiamei::v1::Activity out;
  stub->SetActivityStatus(NewContext().get(), request, &out);
}

// A running activity of the village with every volunteer signed up; then
// each checked in by the organiser, 16 calls at a time, each timed. Leaves
// the activity's name in `activity`.
Row TimeCheckIns(ActivityService::Stub* stub, RequestIds* ids,
                 const std::string& village,
                 const std::vector<std::string>& volunteers, int round,
                 std::string* activity, bool* failed) {
  jiamei::v1::CreateActivityRequest create;
  create.set_request_id(ids->Next());
  jiamei::v1::Activity* a = create.mutable_activity();
  a->set_unit(village);
  a->set_title("bench cleanup");
  a->set_category(jiamei::v1::ACTIVITY_CATEGORY_ENVIRONMENT_CLEANUP);
  a->set_place("square");
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  a->mutable_start_time()->set_seconds(now - 600);
  a->mutable_end_time()->set_seconds(now + 7200);
  a->set_capacity(static_cast<int32_t>(volunteers.size()));
  a->mutable_points_rule()->set_points_per_hour(10);
  jiamei::v1::Activity created;
  grpc::Status status =
      stub->CreateActivity(NewContext().get(), create, &created);
  *activity = created.name();
  MoveActivity(stub, ids, *activity, jiamei::v1::ACTIVITY_STATUS_OPEN);
  for (const std::string& volunteer : volunteers) {
    jiamei::v1::SignUpRequest request;
    request.set_request_id(ids->Next());
    request.set_activity(*activity);
    request.set_volunteer(volunteer);
    jiamei::v1::Participation out;
    if (status.ok()) status = stub->SignUp(NewContext().get(), request, &out);
  }
  constexpr int kThreads = 16;
  std::vector<std::vector<double>> latencies(kThreads);
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  const Clock::time_point start = Clock::now();
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = t; i < volunteers.size(); i += kThreads) {
        jiamei::v1::CheckInRequest request;
        request.set_request_id(ids->Next());
        request.set_activity(*activity);
        request.set_volunteer(volunteers[i]);
        jiamei::v1::Participation out;
        const Clock::time_point begin = Clock::now();
        if (!stub->CheckIn(NewContext().get(), request, &out).ok()) ++errors;
        latencies[t].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - begin)
                .count());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const double seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  PhaseResult result;
  result.name = "checkin";
  for (const auto& l : latencies) {
    result.latencies_ms.insert(result.latencies_ms.end(), l.begin(), l.end());
  }
  std::sort(result.latencies_ms.begin(), result.latencies_ms.end());
  result.ok = volunteers.size() - static_cast<uint64_t>(errors.load());
  result.errors[2] = static_cast<uint64_t>(errors.load());
  result.seconds = seconds;
  if (!status.ok() || errors.load() > 0) {
    std::cerr << "checkin #" << round << ": " << status.error_message() << " "
              << errors.load() << " check-ins failed\n";
    *failed = true;
  }
  return RowOf(result, round);
}

// Checks everyone out, closes `activity` and times its confirmation.
Row TimeConfirm(ActivityService::Stub* stub, RequestIds* ids,
                const std::string& activity,
                const std::vector<std::string>& volunteers, int round,
                bool* failed) {
  jiamei::v1::OrganiserCheckRequest out;
  out.set_request_id(ids->Next());
  out.set_activity(activity);
  for (const std::string& v : volunteers) out.add_volunteers(v);
  out.set_check_in(false);
  jiamei::v1::OrganiserCheckResponse checked;
  grpc::Status status = stub->OrganiserCheck(NewContext().get(), out, &checked);
  MoveActivity(stub, ids, activity, jiamei::v1::ACTIVITY_STATUS_IN_PROGRESS);
  MoveActivity(stub, ids, activity, jiamei::v1::ACTIVITY_STATUS_CLOSED);
  jiamei::v1::ConfirmHoursRequest request;
  request.set_request_id(ids->Next());
  request.set_activity(activity);
  jiamei::v1::ConfirmHoursResponse response;
  const Clock::time_point start = Clock::now();
  if (status.ok()) {
    status = stub->ConfirmHours(NewContext().get(), request, &response);
  }
  const double ms =
      std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (!status.ok()) {
    std::cerr << "confirm #" << round << ": " << status.error_message() << "\n";
    *failed = true;
  }
  const double records = response.records_size();
  return {absl::StrCat("confirm #", round),
          records,
          0,
          records * 1000 / ms,
          ms,
          ms,
          ms,
          0};
}

// One AwardBatch of every household, timed: the row's calls are the lines
// accepted, its p50 and p99 the call's wall time.
Row TimeAwardBatch(SupermarketService::Stub* stub, RequestIds* ids,
                   const std::string& rule,
                   const std::vector<std::string>& households, int round,
                   bool* failed) {
  const jiamei::v1::AwardBatchRequest request =
      AwardEveryone(ids, rule, households);
  jiamei::v1::AwardBatchResponse response;
  const Clock::time_point start = Clock::now();
  grpc::Status status =
      stub->AwardBatch(NewContext().get(), request, &response);
  const double ms =
      std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (!status.ok() || response.refused() > 0) {
    std::cerr << "award_batch #" << round << ": " << status.error_message()
              << " refused " << response.refused() << "\n";
    *failed = true;
  }
  const double lines = response.accepted();
  return {absl::StrCat("award_batch #", round),
          lines,
          0,
          lines * 1000 / ms,
          ms,
          ms,
          ms,
          0};
}

void PrintRow(const Row& r) {
  std::cout << absl::StrFormat(
      "%-18s %10.0f %8.0f %10.0f %8.2f %8.2f %9.2f %9.1f\n", r.label, r.calls,
      r.errors, r.calls_per_s, r.p50, r.p99, r.p999, r.cpu_us_per_call);
}

std::string JsonRow(const Row& r) {
  return absl::StrFormat(
      "\"%s\":{\"calls\":%.0f,\"errors\":%.0f,\"calls_per_s\":%.1f,"
      "\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,"
      "\"server_cpu_us_per_call\":%.2f}",
      r.label, r.calls, r.errors, r.calls_per_s, r.p50, r.p99, r.p999,
      r.cpu_us_per_call);
}

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
  if (phases != std::vector<std::string>{"health"}) {
    grpc::Status setup = LogIn(channels[0]);
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
        std::find(phases.begin(), phases.end(), "award_batch") != phases.end();
    if (setup.ok() && market_phases) {
      setup = MakeMarket(channels[0], &ids, village, household_names, &market);
    }
    if (!setup.ok()) {
      std::cerr << "jiamei-bench: setup failed: " << setup.error_message()
                << "\n";
      return 1;
    }
  }
  if (phases == std::vector<std::string>{"expiry"}) {
    return jiamei::bench::RunExpiryPhase(channels[0], &ids, village,
                                         household_names,
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
      std::unique_ptr<jiamei::bench::TimedBackup> backup;
      if (phases[p] == "transfer_backup") {
        backup = std::make_unique<jiamei::bench::TimedBackup>(
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
