// The jiamei server: the store, the sequencer and the gRPC services, with
// health checking and reflection, started and stopped in the right order.
#ifndef JIAMEI_SERVICES_SERVER_SERVER_H_
#define JIAMEI_SERVICES_SERVER_SERVER_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/server.h"
#include "services/activity/activity_service.h"
#include "services/activity/volunteer_service.h"
#include "services/auth/access.h"
#include "services/auth/authenticator.h"
#include "services/cards/card_service.h"
#include "services/common/page_token.h"
#include "services/export/export_service.h"
#include "services/ledger/audit_service.h"
#include "services/ledger/ledger_service.h"
#include "services/market/market_service.h"
#include "services/policy/expiry_runner.h"
#include "services/policy/policy_service.h"
#include "services/registry/access_service.h"
#include "services/registry/organization_service.h"
#include "services/registry/registry_service.h"
#include "services/report/report_service.h"
#include "services/server/backup_service.h"
#include "services/server/backups.h"
#include "services/server/call_monitor.h"
#include "services/server/event_log.h"
#include "services/server/metrics.h"
#include "services/server/periodic.h"
#include "services/server/tls_credentials.h"
#include "storage/core/sequencer.h"
#include "storage/core/store.h"
#include "storage/core/witness.h"

namespace jiamei::services {

struct ServerOptions {
  std::string listen = "127.0.0.1:7070";
  // TLS, and whether plaintext may listen beyond loopback.
  ListenSecurity security;
  std::string data_dir = "data";
  // Where the witness of the last durable head lives (storage/core/witness.h);
  // empty: in data_dir.
  std::string witness_dir;
  // False (for measurements only) stops updating it with every batch.
  bool witness_every_batch = true;
  // Start a damaged store anyway, recording the loss as a log entry.
  bool accept_loss = false;
  storage::SequencerOptions sequencer;
  // How long a log-in token lives.
  absl::Duration token_ttl = absl::Hours(12);
  // When the daily expiry runs, after midnight in China Standard Time;
  // negative: never by itself.
  absl::Duration expiry_run_time = absl::Hours(1);
  // Where Prometheus scrapes GET /metrics (host:port, port 0 picks one);
  // empty: no metrics port.
  std::string metrics_listen;
  // How often expired and revoked sessions are deleted.
  absl::Duration session_purge_every = absl::Hours(1);
  // Scheduled backups (services/server/backups.h): into `backup_dir` every
  // `backup_every`, keeping the newest `backup_keep`; none when empty.
  std::string backup_dir;
  absl::Duration backup_every = absl::Hours(6);
  int backup_keep = 7;
};

// Creates the first admin (whole-system scope) in `data_dir`, which must
// hold no operator yet: FAILED_PRECONDITION otherwise, with nothing written.
// Returns the new operator's name.
absl::StatusOr<std::string> BootstrapAdmin(const std::string& data_dir,
                                           const std::string& login,
                                           const std::string& password);

class Server {
 public:
  // Checks the listening port's security (see ListenCredentials: nothing
  // is opened if it fails), opens the store and starts serving. Errors say
  // what a person must fix; INVALID_ARGUMENT only for options that do not
  // go together.
  static absl::StatusOr<std::unique_ptr<Server>> Start(
      const ServerOptions& options);
  ~Server();  // Shutdown()s.

  // The port actually bound (useful with port 0).
  int port() const { return port_; }
  // The metrics port bound, 0 when there is none.
  int metrics_port() const { return metrics_->port(); }
  // For the backup service (Metrics::BackupMade).
  Metrics* metrics() const { return metrics_.get(); }

  // Stops in two steps. First it drains: the health service says
  // NOT_SERVING, calls that arrive are refused with UNAVAILABLE
  // (SHUTTING_DOWN) before they reach the ledger, and it waits (up to
  // `grace`) until no call is in flight and none arrived for a moment.
  // Then it stops gRPC (a call still running is cancelled only if the
  // grace ran out), answers everything the sequencer holds, and closes
  // RocksDB.
  void Shutdown(absl::Duration grace);

  storage::SequencerStats stats() const { return sequencer_->stats(); }
  // When the last backup (streamed or scheduled) was completed;
  // InfinitePast when none was since start.
  absl::Time last_backup_time() const { return backups_->last_backup_time(); }

 private:
  Server() = default;
  // Health status, junk summary and session purge, on one thread.
  std::unique_ptr<Periodic> StartHousekeeping(absl::Duration purge_every);
  // Opens the store, checks it against its witness and, when the operator
  // accepted a loss, logs it once the sequencer runs (LogLoss).
  absl::Status OpenStore(const ServerOptions& options);
  absl::Status LogLoss();

  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<storage::WitnessFile> witness_;
  std::optional<storage::LossAccepted> loss_;
  std::unique_ptr<storage::Sequencer> sequencer_;
  std::unique_ptr<EventLog> event_log_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<CallMonitor> call_monitor_;
  std::unique_ptr<Authenticator> authenticator_;
  std::unique_ptr<Access> access_;
  std::unique_ptr<PageTokens> page_tokens_;
  std::unique_ptr<LedgerService> ledger_service_;
  std::unique_ptr<AuditService> audit_service_;
  std::unique_ptr<AccessService> access_service_;
  std::unique_ptr<OrganizationService> organization_service_;
  std::unique_ptr<RegistryService> registry_service_;
  std::unique_ptr<VolunteerService> volunteer_service_;
  std::unique_ptr<MarketService> supermarket_service_;
  std::unique_ptr<ActivityService> activity_service_;
  std::unique_ptr<PolicyService> policy_service_;
  std::unique_ptr<CardService> card_service_;
  std::unique_ptr<ExportService> export_service_;
  std::unique_ptr<ReportService> report_service_;
  std::unique_ptr<Backups> backups_;
  std::unique_ptr<BackupService> backup_service_;
  std::unique_ptr<BackupSchedule> backup_schedule_;
  std::unique_ptr<grpc::Server> grpc_server_;
  std::unique_ptr<ExpirySchedule> expiry_schedule_;
  std::unique_ptr<Periodic> periodic_;
  int port_ = 0;
  bool serving_ = true;  // the housekeeping thread's only
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_SERVER_SERVER_H_
