#include "storage/core/sequencer.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "storage/core/assert.h"
#include "storage/core/canonical.h"
#include "storage/core/core_errors.h"
#include "storage/core/refusal.h"
#include "storage/core/state_machine.h"
#include "storage/core/status_macros.h"

namespace jiamei::storage {

Sequencer::Sequencer(Store* store, SequencerOptions options,
                     const DomainTable& domains)
    : store_(store),
      options_(options),
      domains_(domains),
      state_(std::make_unique<StateMachine>(store, domains)) {}

Sequencer::~Sequencer() { Stop(); }

absl::Status Sequencer::Start() {
  RETURN_IF_ERROR(state_->Load());
  applier_ = std::thread([this] { ApplierLoop(); });
  syncer_ = std::thread([this] { SyncerLoop(); });
  completer_ = std::thread([this] { CompleterLoop(); });
  return absl::OkStatus();
}

void Sequencer::Submit(Command command, Done done) {
  // Hashing the request here keeps that work off the applier thread.
  std::string fingerprint = Fingerprint(command, domains_);
  absl::Status refused;
  {
    absl::MutexLock lock(&mu_);
    if (!failure_.ok()) {
      refused = failure_;
    } else if (stopping_) {
      refused = errors::ShuttingDown();
    } else if (queue_.size() >= options_.queue_capacity) {
      refused = errors::QueueFull();
    } else {
      queue_.push_back(
          {std::move(command), std::move(fingerprint), std::move(done)});
      return;
    }
  }
  done(refused);
}

void Sequencer::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread* t : {&applier_, &syncer_, &completer_}) {
    if (t->joinable()) t->join();
  }
}

SequencerStats Sequencer::stats() const {
  absl::MutexLock lock(&mu_);
  return stats_;
}

bool Sequencer::accepting_writes() const {
  absl::MutexLock lock(&mu_);
  return failure_.ok() && !stopping_;
}

size_t Sequencer::queued() const {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

bool Sequencer::ApplierMayTake() const {
  return to_write_.empty() && (!queue_.empty() || stopping_);
}

bool Sequencer::SyncerHasWork() const {
  return !to_write_.empty() || applier_done_;
}

bool Sequencer::CompleterHasWork() const {
  return !answers_.empty() || syncer_done_;
}

absl::Status Sequencer::FailedStatus() { return errors::StorageFailed(); }

void Sequencer::ProbeDisk() {
  if (RefusalReason(failure_) != kDiskFullReason) return;
  if (writing_ || !to_write_.empty()) return;  // wait until answered
  mu_.Unlock();
  absl::Status resumed = store_->Resume();
  auto state = std::make_unique<StateMachine>(store_, domains_);
  if (resumed.ok()) resumed = state->Load();
  if (resumed.ok()) state_ = std::move(state);
  mu_.Lock();
  if (resumed.ok()) {
    failure_ = absl::OkStatus();
    durable_unretired_ = 0;  // the new state has no overlays to retire
  } else if (RefusalReason(resumed) != kDiskFullReason) {
    failure_ = FailedStatus();  // only a restart can help now
  }
}

void Sequencer::ApplierLoop() {
  while (true) {
    std::vector<Pending> batch;
    size_t retire = 0;
    absl::Status failure;
    {
      absl::MutexLock lock(&mu_);
      while (!mu_.AwaitWithTimeout(
          absl::Condition(this, &Sequencer::ApplierMayTake),
          options_.disk_full_probe)) {
        ProbeDisk();
      }
      if (queue_.empty()) {  // stopping, and everything is applied
        applier_done_ = true;
        return;
      }
      const size_t n = std::min(queue_.size(), options_.max_batch);
      batch.reserve(n);
      for (size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      std::swap(retire, durable_unretired_);
      failure = failure_;
    }
    state_->Retire(retire);
    Applied applied = Apply(std::move(batch), failure);
    absl::MutexLock lock(&mu_);
    to_write_.push_back(std::move(applied));
  }
}

Sequencer::Applied Sequencer::Apply(std::vector<Pending> batch,
                                    const absl::Status& failure) {
  Applied applied;
  applied.answers.reserve(batch.size());
  if (!failure.ok()) {
    for (Pending& p : batch) {
      applied.answers.push_back({std::move(p.done), failure});
    }
    return applied;
  }
  applied.write = std::make_unique<rocksdb::WriteBatch>();
  state_->BeginBatch(applied.write.get());
  const int64_t now = absl::ToUnixMicros(absl::Now());
  for (Pending& p : batch) {
    applied.answers.push_back(
        {std::move(p.done), state_->Apply(p.command, p.fingerprint, now)});
  }
  state_->FinishBatch();
  applied.sequence = state_->head().last_sequence();
  applied.hash = state_->head().head_hash();
  return applied;
}

void Sequencer::SyncerLoop() {
  while (true) {
    Applied applied;
    absl::Status failure;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &Sequencer::SyncerHasWork));
      if (to_write_.empty()) {  // the applier has finished
        syncer_done_ = true;
        return;
      }
      applied = std::move(to_write_.front());
      to_write_.pop_front();
      failure = failure_;
      writing_ = true;
    }
    const absl::Time begin = absl::Now();
    absl::Status written = Write(&applied, failure);
    if (written.ok() && applied.write != nullptr && on_batch_written_) {
      on_batch_written_(applied.answers.size(), absl::Now() - begin);
    }
    absl::MutexLock lock(&mu_);
    writing_ = false;
    const bool durable = written.ok() && applied.write != nullptr;
    if (durable) {
      ++durable_unretired_;
      ++stats_.batches;
      stats_.commands += applied.answers.size();
      stats_.largest_batch =
          std::max<uint64_t>(stats_.largest_batch, applied.answers.size());
    } else if (!written.ok()) {
      if (failure_.ok()) {
        failure_ = RefusalReason(written) == kDiskFullReason ? written
                                                             : FailedStatus();
      }
      for (Answer& a : applied.answers) a.outcome = written;
    }
    answers_.push_back({std::move(applied.answers), durable, applied.sequence,
                        std::move(applied.hash)});
  }
}

absl::Status Sequencer::Write(Applied* applied, const absl::Status& failure) {
  if (applied->write == nullptr) return absl::OkStatus();  // refused whole
  // A batch applied on top of one that failed to write must not land.
  RETURN_IF_ERROR(failure);
  return store_->Write(applied->write.get());
}

void Sequencer::CompleterLoop() {
  while (true) {
    std::deque<Written> written;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &Sequencer::CompleterHasWork));
      if (answers_.empty()) return;  // the syncer has finished
      std::swap(written, answers_);
    }
    Witness(&written);
    for (Written& batch : written) {
      for (Answer& a : batch.answers) a.done(std::move(a.outcome));
    }
  }
}

void Sequencer::Witness(std::deque<Written>* written) {
  if (!options_.on_durable) return;
  auto newest = std::find_if(written->rbegin(), written->rend(),
                             [](const Written& w) { return w.durable; });
  if (newest == written->rend()) return;
  const absl::Status s = options_.on_durable(newest->sequence, newest->hash);
  if (s.ok()) return;
  const absl::Status failed = errors::WitnessNotWritten(s.message());
  {
    absl::MutexLock lock(&mu_);
    failure_ = FailedStatus();  // only a restart rewrites the witness
  }
  for (Written& batch : *written) {
    for (Answer& a : batch.answers) a.outcome = failed;
  }
}

}  // namespace jiamei::storage
