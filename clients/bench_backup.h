// jiamei-bench's `transfer_backup` phase: the transfer load (desks awarding
// points) while a backup of the server is taken, to run beside `transfer`
// (--phases=transfer,transfer_backup) so that the rounds compare the desks'
// latencies with and without a backup on the same machine.
#ifndef JIAMEI_CLIENTS_BENCH_BACKUP_H_
#define JIAMEI_CLIENTS_BENCH_BACKUP_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"

namespace jiamei::bench {

// One backup taken during a phase: BackupService.Backup streamed into a
// new folder under $TMPDIR (or /tmp), checked and written as `jiamei
// backup` does, timed from the call to the manifest on disk, then removed.
class TimedBackup {
 public:
  // Starts the backup `delay` from now, on a thread of its own.
  TimedBackup(std::shared_ptr<grpc::Channel> channel, absl::Duration delay);
  // Waits for it and prints its time, size and head (round `round`) to
  // stdout; false if it failed.
  bool Report(int round);

 private:
  void Run(absl::Duration delay);

  std::shared_ptr<grpc::Channel> channel_;
  grpc::Status status_;
  double seconds_ = 0;
  uint64_t bytes_ = 0;
  uint64_t files_ = 0;
  uint64_t head_sequence_ = 0;
  std::thread thread_;
};

}  // namespace jiamei::bench

#endif  // JIAMEI_CLIENTS_BENCH_BACKUP_H_
