// Every call the server answers, seen in one place: a server interceptor
// that only observes. It proceeds at once at every hook point, so gRPC still
// parses a request and runs its handler on one thread, as
// proto/malformed_requests.h needs. For each call it
//  - counts it in Metrics by method, code and reason, with its latency
//    from arrival to answer (methods the server does not serve count as
//    "unknown", so strangers cannot mint labels);
//  - logs a failure as one line, event=call with method, code, reason,
//    request_id (when the request has a valid one) and latency_ms; but
//    anonymous junk (UNAUTHENTICATED, MALFORMED_REQUEST, unknown methods)
//    is only counted, for Metrics and the periodic summary (TakeJunk);
//  - keeps the unary calls in flight counted, so that a stop can wait for
//    them (AwaitIdle).
// A call that ends without an answer (the client went away) counts as
// CANCELLED.
#ifndef JIAMEI_SERVICES_SERVER_CALL_MONITOR_H_
#define JIAMEI_SERVICES_SERVER_CALL_MONITOR_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/support/server_interceptor.h"
#include "services/common/draining.h"
#include "services/server/event_log.h"
#include "services/server/metrics.h"

namespace jiamei::services {

class CallMonitor;

// gRPC's log lines about refused TLS handshakes go to `monitor`'s count
// instead of the log (services/server/log_limit.cc) while one is installed;
// nullptr uninstalls. CountRefusedHandshake() is false when none is.
void InstallHandshakeCounter(CallMonitor* monitor);
bool CountRefusedHandshake();

// Anonymous junk counted since the last TakeJunk().
struct JunkCounts {
  int64_t unauthenticated = 0;
  int64_t malformed = 0;
  int64_t unknown_method = 0;
  int64_t handshake_refused = 0;
  int64_t total() const {
    return unauthenticated + malformed + unknown_method + handshake_refused;
  }
};

class CallMonitor {
 public:
  // `services`: the full names of the services the server registers
  // (e.g. "jiamei.v1.LedgerService"); their methods are the known ones.
  CallMonitor(Metrics* metrics, EventLog* log,
              const std::vector<std::string>& services);
  CallMonitor(const CallMonitor&) = delete;
  CallMonitor& operator=(const CallMonitor&) = delete;

  // For ServerBuilder::experimental().SetInterceptorCreators; it must not
  // outlive this monitor.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
  NewFactory();

  // Starts draining (ShuttingDown() turns true).
  void BeginDrain();
  // Waits until no unary call is in flight and none began for `quiet`, or
  // until `deadline`; true when idle.
  bool AwaitIdle(absl::Duration quiet, absl::Time deadline);
  int64_t in_flight() const;

  // A TLS handshake was refused (counted as junk).
  void HandshakeRefused();
  JunkCounts TakeJunk();

  // What the observer of one call reports (services/server/call_monitor.cc).
  struct Ended {
    const char* method;
    bool known;
    grpc::Status status;
    std::string request_id;
    absl::Duration latency;
  };
  bool IsKnown(const char* method) const;
  void CallStarted(bool unary);
  void CallAnswered(const Ended& call);
  void CallFinished(bool unary);

 private:
  Metrics* const metrics_;
  EventLog* const log_;
  absl::flat_hash_set<std::string> known_;  // set before serving

  mutable absl::Mutex mu_;
  int64_t in_flight_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time last_start_ ABSL_GUARDED_BY(mu_);
  JunkCounts junk_ ABSL_GUARDED_BY(mu_);
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_SERVER_CALL_MONITOR_H_
