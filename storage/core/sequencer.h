// The sequencer: the only writer. Callers submit commands from any thread.
// Three threads form a pipeline:
//   applier:   takes everything queued (up to a bound), applies it in order
//              to the ledger state machine, collecting all effects into one
//              WriteBatch;
//   syncer:    writes each batch with a synced WAL (group commit), in order;
//   completer: answers the callers of a batch once it is durable.
// The applier works on batch N+1 while the syncer waits for batch N's fsync,
// so the disk's latency and the CPU's work overlap. No caller thread ever
// waits on fsync, and no caller hears "done" before its batch is durable.
// After a write that fails for a full disk, writes are refused with
// DISK_FULL, and every SequencerOptions::disk_full_probe, once no batch is
// on its way, the applier asks the store to resume and, if it does,
// rebuilds the ledger state from the disk and takes writes again.
#ifndef JIAMEI_STORAGE_CORE_SEQUENCER_H_
#define JIAMEI_STORAGE_CORE_SEQUENCER_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "storage/core/commands.h"
#include "storage/core/outcome.h"
#include "storage/core/store.h"
#include "storage/domains.h"

namespace jiamei::storage {

class StateMachine;  // storage/core/state_machine.h, the applier's alone

struct SequencerOptions {
  // Commands waiting beyond this are refused with RESOURCE_EXHAUSTED.
  size_t queue_capacity = 65536;
  // Most commands applied and written in one batch.
  size_t max_batch = 4096;
  // If set, called on the completer thread with the head (last sequence
  // and hash) of the newest durable batch, before that batch's callers and
  // those of the batches before it are answered; an error stops the ledger
  // like a failed write. jiamei-server keeps its witness with it
  // (storage/core/witness.h). One call covers every batch that became durable
  // meanwhile, so it overlaps the syncer's next WAL sync.
  std::function<absl::Status(uint64_t sequence, const std::string& hash)>
      on_durable;
  // How often the ledger tries to resume while the disk is full.
  absl::Duration disk_full_probe = absl::Seconds(2);
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

  // `domains` (every domain of the ledger, storage/domains.h) must outlive
  // the sequencer.
  Sequencer(Store* store, SequencerOptions options,
            const DomainTable& domains = Domains());
  ~Sequencer();  // Stop()s.
  Sequencer(const Sequencer&) = delete;
  Sequencer& operator=(const Sequencer&) = delete;

  // Called on the syncer thread after each batch is durable, with its
  // number of commands and how long its synced write took. Must not block.
  using BatchWritten =
      std::function<void(size_t commands, absl::Duration write_time)>;
  // Sets the BatchWritten callback; only before Start().
  void set_on_batch_written(BatchWritten on_batch_written) {
    on_batch_written_ = std::move(on_batch_written);
  }

  // Loads the ledger head and starts the writer and completion threads.
  absl::Status Start();
  // Queues `command`. Refuses at once with RESOURCE_EXHAUSTED when the queue
  // is full and UNAVAILABLE once stopping or after a storage failure
  // (DISK_FULL until the disk has space again).
  void Submit(Command command, Done done);
  // Applies and answers everything already queued, then joins the threads.
  void Stop();

  SequencerStats stats() const;
  // False once stopping, or once the ledger has stopped after a storage
  // failure: then every write is refused.
  bool accepting_writes() const;
  // Commands waiting for the applier.
  size_t queued() const;

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
  // A batch on its way from the applier to the syncer. `write` is null when
  // the batch was refused whole (after a storage failure).
  struct Applied {
    std::unique_ptr<rocksdb::WriteBatch> write;
    std::vector<Answer> answers;
    uint64_t sequence = 0;  // the head once the batch is written
    std::string hash;
  };
  // A batch's answers once it is written; `durable` false when it was
  // refused or failed.
  struct Written {
    std::vector<Answer> answers;
    bool durable = false;
    uint64_t sequence = 0;
    std::string hash;
  };

  bool ApplierMayTake() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool SyncerHasWork() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool CompleterHasWork() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  static absl::Status FailedStatus();
  // Applier thread, when it found no work for disk_full_probe: after a
  // full disk, once no batch is on its way, resumes if the store can
  // (releases mu_ meanwhile).
  void ProbeDisk() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  void ApplierLoop();
  void SyncerLoop();
  void CompleterLoop();
  // Applies one batch to the state machine (applier thread only), or
  // refuses it whole with `failure` when that is not OK.
  Applied Apply(std::vector<Pending> batch, const absl::Status& failure);
  // Writes one batch durably (syncer thread only); OK or why not.
  absl::Status Write(Applied* applied, const absl::Status& failure);
  // Calls on_durable for the newest durable batch of `written` (completer
  // thread only); on error stops the ledger and answers them all with it.
  void Witness(std::deque<Written>* written);

  Store* const store_;
  const SequencerOptions options_;
  const DomainTable& domains_;
  // Applier thread only; rebuilt from the disk after a full disk, since
  // the batches that failed had advanced it.
  std::unique_ptr<StateMachine> state_;
  BatchWritten on_batch_written_;  // set before Start()

  mutable absl::Mutex mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Not OK once a write failed: the in-memory state is then ahead of the
  // disk, so the sequencer refuses everything with it, DISK_FULL until
  // ProbeDisk() resumes, anything else until the server restarts.
  absl::Status failure_ ABSL_GUARDED_BY(mu_);
  // True while the syncer writes a batch it took from to_write_.
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  // At most one batch waits here while the syncer writes the one before.
  std::deque<Applied> to_write_ ABSL_GUARDED_BY(mu_);
  // Batches made durable that the applier has not yet retired.
  size_t durable_unretired_ ABSL_GUARDED_BY(mu_) = 0;
  std::deque<Written> answers_ ABSL_GUARDED_BY(mu_);
  bool applier_done_ ABSL_GUARDED_BY(mu_) = false;
  bool syncer_done_ ABSL_GUARDED_BY(mu_) = false;
  SequencerStats stats_ ABSL_GUARDED_BY(mu_);

  std::thread applier_;
  std::thread syncer_;
  std::thread completer_;
};

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_SEQUENCER_H_
