#include "storage/sequencer.h"

#include <algorithm>
#include <utility>

#include "absl/time/clock.h"
#include "storage/canonical.h"
#include "storage/refusal.h"

namespace jiamei::storage {

Sequencer::Sequencer(Store* store, SequencerOptions options)
    : store_(store), options_(options), state_(store) {}

Sequencer::~Sequencer() { Stop(); }

absl::Status Sequencer::Start() {
  if (absl::Status s = state_.Load(); !s.ok()) return s;
  writer_ = std::thread([this] { WriterLoop(); });
  completer_ = std::thread([this] { CompleterLoop(); });
  return absl::OkStatus();
}

void Sequencer::Submit(Command command, Done done) {
  // Hashing the request here keeps that work off the writer thread.
  std::string fingerprint = Fingerprint(command);
  absl::Status refused;
  {
    absl::MutexLock lock(&mu_);
    if (failed_) {
      refused = FailedStatus();
    } else if (stopping_) {
      refused = Refusal(absl::StatusCode::kUnavailable, "SHUTTING_DOWN",
                        "the server is shutting down");
    } else if (queue_.size() >= options_.queue_capacity) {
      refused = Refusal(absl::StatusCode::kResourceExhausted, "QUEUE_FULL",
                        "the ledger is busy; retry with the same request_id");
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
    if (stopping_ && !writer_.joinable()) return;
    stopping_ = true;
  }
  if (writer_.joinable()) writer_.join();
  if (completer_.joinable()) completer_.join();
}

SequencerStats Sequencer::stats() const {
  absl::MutexLock lock(&mu_);
  return stats_;
}

void Sequencer::WriterLoop() {
  while (true) {
    std::vector<Pending> batch;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &Sequencer::HasWork));
      if (queue_.empty()) {  // stopping, and everything is answered
        writer_done_ = true;
        return;
      }
      size_t n = std::min(queue_.size(), options_.max_batch);
      batch.reserve(n);
      for (size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<Answer> answers = Commit(std::move(batch));
    absl::MutexLock lock(&mu_);
    answers_.push_back(std::move(answers));
  }
}

bool Sequencer::HasWork() const { return !queue_.empty() || stopping_; }

bool Sequencer::HasAnswers() const { return !answers_.empty() || writer_done_; }

std::vector<Sequencer::Answer> Sequencer::Commit(std::vector<Pending> batch) {
  if (HasFailed()) return Refuse(std::move(batch), FailedStatus());
  rocksdb::WriteBatch write;
  state_.BeginBatch(&write);
  const int64_t now = absl::ToUnixMicros(absl::Now());
  std::vector<Answer> answers;
  answers.reserve(batch.size());
  for (Pending& p : batch) {
    answers.push_back(
        {std::move(p.done), state_.Apply(p.command, p.fingerprint, now)});
  }
  state_.FinishBatch();
  absl::Status written = store_->Write(&write);
  absl::MutexLock lock(&mu_);
  ++stats_.batches;
  stats_.commands += batch.size();
  stats_.largest_batch = std::max<uint64_t>(stats_.largest_batch, batch.size());
  if (!written.ok()) {
    failed_ = true;
    for (Answer& a : answers) a.outcome = written;
  }
  return answers;
}

bool Sequencer::HasFailed() const {
  absl::MutexLock lock(&mu_);
  return failed_;
}

absl::Status Sequencer::FailedStatus() {
  return Refusal(absl::StatusCode::kUnavailable, "STORAGE_FAILED",
                 "the ledger stopped after a storage failure; restart the "
                 "server");
}

std::vector<Sequencer::Answer> Sequencer::Refuse(std::vector<Pending> batch,
                                                 const absl::Status& why) {
  std::vector<Answer> answers;
  answers.reserve(batch.size());
  for (Pending& p : batch) answers.push_back({std::move(p.done), why});
  return answers;
}

void Sequencer::CompleterLoop() {
  while (true) {
    std::vector<Answer> answers;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &Sequencer::HasAnswers));
      if (answers_.empty()) return;  // the writer has finished
      answers = std::move(answers_.front());
      answers_.pop_front();
    }
    for (Answer& a : answers) a.done(std::move(a.outcome));
  }
}

}  // namespace jiamei::storage
