// The server's metrics, in Prometheus's text format on a port of their own
// (prometheus-cpp's Exposer serves GET /metrics). Counted as things happen:
// calls by method, code and reason, call latency by method, ledger batch
// sizes and the time of their synced write, refused TLS handshakes, the
// last audit's result and duration. Read at scrape time: the ledger's
// queue depth, RocksDB's sizes and pending compaction bytes by column
// family, and the age of the last backup. Labels hold methods, codes,
// reasons and column families only: never personal data. Thread-safe.
#ifndef JIAMEI_SERVICES_SERVER_METRICS_H_
#define JIAMEI_SERVICES_SERVER_METRICS_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/support/status_code_enum.h"
#include "storage/core/sequencer.h"
#include "storage/core/store.h"

namespace prometheus {
class Counter;
class Exposer;
class Histogram;
class Registry;
}  // namespace prometheus

namespace jiamei::services {

class ScrapeGauges;

class Metrics {
 public:
  // `store` and `sequencer` are read at scrape time; both must outlive
  // Serve()'s endpoint (StopServing(), or the destructor).
  Metrics(const storage::Store* store, const storage::Sequencer* sequencer);
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Serves GET /metrics on `listen` (host:port; port 0 picks one).
  // UNAVAILABLE when it cannot listen there.
  absl::Status Serve(const std::string& listen);
  // Stops serving (before the store closes). Idempotent.
  void StopServing();
  // The port bound by Serve(), 0 if not serving.
  int port() const { return port_; }

  // One call answered: its method (full path, or "unknown"), code, refusal
  // reason ("" for none) and time from arrival to answer.
  void CallEnded(absl::string_view method, grpc::StatusCode code,
                 absl::string_view reason, absl::Duration latency);
  // One ledger batch made durable (SequencerOptions::on_batch_written).
  void BatchWritten(size_t commands, absl::Duration write_time);
  // A TLS handshake refused (no or a wrong client certificate, not TLS).
  void HandshakeRefused();
  // An audit ended: clean or not (false also when it could not run), and
  // how long it took.
  void AuditRan(bool clean, absl::Duration took);
  // A backup was completed at `when`: jiamei_last_backup_age_seconds is
  // then reported at every scrape. For the backup service to call.
  void BackupMade(absl::Time when);

  // The whole text a scrape would return (tests and the CLI).
  std::string Text() const;

 private:
  struct Families;
  struct MethodMetrics;
  // The metrics of `method`, made on first use.
  MethodMetrics& ForMethod(absl::string_view method);

  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<Families> families_;
  std::shared_ptr<ScrapeGauges> scrape_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  // prometheus-cpp hashes a label map on every Family::Add: the series a
  // call touches are kept here instead, by method (a bounded set).
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<MethodMetrics>> methods_
      ABSL_GUARDED_BY(mu_);
  int port_ = 0;
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_SERVER_METRICS_H_
