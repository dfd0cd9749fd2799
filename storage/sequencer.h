// The sequencer: the only writer. Callers submit commands from any thread;
// one thread takes everything queued (up to a bound), applies it in order to
// the ledger state machine, writes all effects as one synced WriteBatch
// (group commit), and only then hands the outcomes to a completion thread
// that answers the callers. No caller thread ever waits on fsync.
#ifndef JIAMEI_STORAGE_SEQUENCER_H_
#define JIAMEI_STORAGE_SEQUENCER_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "storage/commands.h"
#include "storage/ledger_state.h"
#include "storage/store.h"

namespace jiamei::storage {

struct SequencerOptions {
  // Commands waiting beyond this are refused with RESOURCE_EXHAUSTED.
  size_t queue_capacity = 65536;
  // Most commands applied and written in one batch.
  size_t max_batch = 4096;
};

struct SequencerStats {
  uint64_t batches = 0;
  uint64_t commands = 0;
  uint64_t largest_batch = 0;
};

class Sequencer {
 public:
  // Called once per command, on the completion thread (or, for a command
  // refused at the door, on the submitting thread). Must not block.
  using Done = std::function<void(Outcome)>;

  Sequencer(Store* store, SequencerOptions options);
  ~Sequencer();  // Stop()s.
  Sequencer(const Sequencer&) = delete;
  Sequencer& operator=(const Sequencer&) = delete;

  // Loads the ledger head and starts the writer and completion threads.
  absl::Status Start();
  // Queues `command`. Refuses at once with RESOURCE_EXHAUSTED when the queue
  // is full and UNAVAILABLE once stopping or after a storage failure.
  void Submit(Command command, Done done);
  // Applies and answers everything already queued, then joins the threads.
  void Stop();

  SequencerStats stats() const;

 private:
  struct Pending {
    Command command;
    std::string fingerprint;
    Done done;
  };
  struct Answer {
    Done done;
    Outcome outcome;
  };

  bool HasWork() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool HasAnswers() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool HasFailed() const ABSL_LOCKS_EXCLUDED(mu_);
  static absl::Status FailedStatus();
  static std::vector<Answer> Refuse(std::vector<Pending> batch,
                                    const absl::Status& why);

  void WriterLoop();
  void CompleterLoop();
  // Applies and durably writes one batch; returns the callers' answers.
  std::vector<Answer> Commit(std::vector<Pending> batch);

  Store* const store_;
  const SequencerOptions options_;
  LedgerState state_;  // writer thread only

  mutable absl::Mutex mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Set when a write failed: the in-memory state is then ahead of the disk,
  // so the sequencer refuses everything until the server restarts.
  bool failed_ ABSL_GUARDED_BY(mu_) = false;
  std::deque<std::vector<Answer>> answers_ ABSL_GUARDED_BY(mu_);
  bool writer_done_ ABSL_GUARDED_BY(mu_) = false;
  SequencerStats stats_ ABSL_GUARDED_BY(mu_);

  std::thread writer_;
  std::thread completer_;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_SEQUENCER_H_
