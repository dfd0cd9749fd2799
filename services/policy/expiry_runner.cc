#include "services/policy/expiry_runner.h"

#include <iostream>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "services/common/convert.h"
#include "services/market/market_figures.h"
#include "storage/core/china_time.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"
#include "storage/policy/policy_errors.h"
#include "storage/policy/policy_reader.h"
#include "storage/policy/policy_state.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

using Done = std::function<void(absl::StatusOr<jiamei::v1::RunExpiryResponse>)>;

struct Chunk {
  storage::Command command;
  uint64_t village;
  bool opens_run;
};

// Submits the chunks one after another; a village whose run is already
// done is skipped whole.
class Chain : public std::enable_shared_from_this<Chain> {
 public:
  Chain(const Core& core, std::vector<Chunk> chunks, Done done)
      : core_(core), chunks_(std::move(chunks)), done_(std::move(done)) {}

  void Next() {
    while (next_ < chunks_.size() && chunks_[next_].village == skipped_) {
      ++next_;
    }
    if (next_ == chunks_.size()) return Finish();
    const Chunk& chunk = chunks_[next_++];
    core_.sequencer->Submit(
        chunk.command, [self = shared_from_this(), village = chunk.village,
                        opens = chunk.opens_run](storage::Outcome outcome) {
          if (outcome.ok()) {
            self->Add(*outcome);
          } else if (opens && RefusalReason(outcome.status()) ==
                                  errors::kExpiryAlreadyRun) {
            self->skipped_ = village;
            self->already_run_ = outcome.status();
          } else {
            return self->done_(outcome.status());
          }
          self->Next();
        });
  }

 private:
  void Add(const storage::EntryRecord& entry) {
    const storage::PointsExpired& expired = entry.policy().expired();
    if (runs_.empty() ||
        runs_.back().village() != storage::UnitName(expired.village())) {
      jiamei::v1::ExpiryRun& run = runs_.emplace_back();
      run.set_village(storage::UnitName(expired.village()));
      run.set_period(expired.period());
      run.set_cutoff(absl::FormatCivilTime(absl::CivilDay(1970, 1, 1) +
                                           expired.cutoff_day()));
      SetTime(entry.time_micros(), run.mutable_time());
    }
    jiamei::v1::ExpiryRun& run = runs_.back();
    run.add_sequences(entry.sequence());
    for (const storage::ExpiredHousehold& h : expired.households()) {
      if (h.points() == 0) continue;
      run.set_households(run.households() + 1);
      run.set_points(run.points() + h.points());
    }
  }

  void Finish() {
    if (runs_.empty()) return done_(already_run_);
    jiamei::v1::RunExpiryResponse response;
    for (jiamei::v1::ExpiryRun& run : runs_) {
      response.set_households(response.households() + run.households());
      response.set_points(response.points() + run.points());
      *response.add_runs() = std::move(run);
    }
    done_(std::move(response));
  }

  const Core core_;
  const std::vector<Chunk> chunks_;
  const Done done_;
  size_t next_ = 0;
  uint64_t skipped_ = 0;
  absl::Status already_run_;
  std::vector<jiamei::v1::ExpiryRun> runs_;
};

// The chunks of every village of `unit` whose points expire.
absl::StatusOr<std::vector<Chunk>> ChunksOf(const Core& core, uint64_t unit,
                                            absl::CivilDay as_of,
                                            const std::string& request_id,
                                            uint64_t actor) {
  const storage::RegistryReader reader(core.store);
  const storage::PolicyReader policies(core.store);
  std::vector<uint64_t> villages;
  RETURN_IF_ERROR(VillagesOf(reader, unit, 2, &villages));
  std::vector<Chunk> chunks;
  for (uint64_t village : villages) {
    ASSIGN_OR_RETURN(storage::EffectivePolicy policy,
                     policies.GetEffectivePolicy(village));
    if (policy.expiry.mode() == storage::kExpiryNever) continue;
    ASSIGN_OR_RETURN(std::vector<uint64_t> households,
                     reader.ListIds(storage::Index::kVillageHousehold, village,
                                    0, INT32_MAX));
    // Every village gets a first chunk, even without households, so that
    // its run is recorded and not made twice.
    for (size_t from = 0, n = 0; n == 0 || from < households.size();
         from += kExpiryChunk, ++n) {
      storage::PolicyChange change;
      storage::PointsExpired* expired = change.mutable_expired();
      expired->set_village(village);
      expired->set_as_of(absl::FormatCivilTime(as_of));
      expired->set_chunk(static_cast<int32_t>(n));
      for (size_t i = from; i < households.size() && i < from + kExpiryChunk;
           ++i) {
        expired->add_households()->set_household(households[i]);
      }
      storage::Command command{absl::StrCat(request_id, "/", village, "/", n),
                               std::move(change)};
      command.actor = actor;
      chunks.push_back({std::move(command), village, n == 0});
    }
  }
  if (chunks.empty()) {
    return Refusal(
        absl::StatusCode::kFailedPrecondition, errors::kExpiryNotSet,
        absl::StrCat("points never expire in ", storage::UnitName(unit)));
  }
  return chunks;
}

}  // namespace

void RunExpiry(const Core& core, uint64_t unit, absl::CivilDay as_of,
               const std::string& request_id, uint64_t actor, Done done) {
  absl::StatusOr<std::vector<Chunk>> chunks =
      ChunksOf(core, unit, as_of, request_id, actor);
  if (!chunks.ok()) return done(chunks.status());
  std::make_shared<Chain>(core, *std::move(chunks), std::move(done))->Next();
}

ExpirySchedule::ExpirySchedule(const Core& core, absl::Duration time_of_day)
    : core_(core), time_of_day_(time_of_day), thread_([this] { Loop(); }) {}

ExpirySchedule::~ExpirySchedule() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void ExpirySchedule::Loop() {
  absl::CivilDay last_run;
  absl::MutexLock lock(&mu_);
  while (!stopping_) {
    const absl::CivilSecond now =
        absl::ToCivilSecond(absl::Now(), storage::ChinaStandardTime());
    const absl::CivilDay today(now);
    if (today != last_run &&
        absl::Seconds(now - absl::CivilSecond(today)) >= time_of_day_) {
      last_run = today;
      mu_.Unlock();
      RunDay(today);
      mu_.Lock();
    }
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), absl::Seconds(20));
  }
}

void ExpirySchedule::RunDay(absl::CivilDay today) {
  absl::StatusOr<std::vector<uint64_t>> counties =
      storage::RegistryReader(core_.store)
          .ListIds(storage::Index::kUnitChild, 0, 0, INT32_MAX);
  if (!counties.ok()) return;
  for (uint64_t county : *counties) {
    absl::Notification finished;
    RunExpiry(
        core_, county, today,
        absl::StrCat("expiry/auto/", county, "/", absl::FormatCivilTime(today)),
        /*actor=*/0, [&](absl::StatusOr<jiamei::v1::RunExpiryResponse> result) {
          if (result.ok()) {
            std::cerr << "jiamei-server: expiry of "
                      << storage::UnitName(county) << " on " << today << ": "
                      << result->points() << " points of "
                      << result->households() << " households\n";
          }
          finished.Notify();
        });
    finished.WaitForNotification();
  }
}

}  // namespace jiamei::services
