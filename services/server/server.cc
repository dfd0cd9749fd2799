#include "services/server/server.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/server_builder.h"
#include "services/auth/password.h"
#include "services/common/validation.h"
#include "storage/core/names.h"
#include "storage/core/status_macros.h"
#include "storage/ledger/ledger_reader.h"

namespace jiamei::services {
namespace {
constexpr int kMaxRequestBytes = 1 << 20;
constexpr int32_t kRoleAdmin = 1;  // jiamei.v1.ROLE_ADMIN
// A drain ends once no call arrived for this long (and none is in flight).
constexpr absl::Duration kDrainQuiet = absl::Milliseconds(200);

std::vector<std::string> ServedServices() {
  return {jiamei::v1::LedgerService::service_full_name(),
          jiamei::v1::AuditService::service_full_name(),
          jiamei::v1::AccessService::service_full_name(),
          jiamei::v1::OrganizationService::service_full_name(),
          jiamei::v1::RegistryService::service_full_name(),
          jiamei::v1::VolunteerService::service_full_name(),
          jiamei::v1::SupermarketService::service_full_name(),
          jiamei::v1::ActivityService::service_full_name(),
          jiamei::v1::PolicyService::service_full_name(),
          jiamei::v1::PointCardService::service_full_name(),
          jiamei::v1::ExportService::service_full_name(),
          jiamei::v1::ReportService::service_full_name(),
          jiamei::v1::BackupService::service_full_name(),
          "grpc.reflection.v1alpha.ServerReflection"};
}

// Submits `command` to the started `sequencer` and waits for its outcome.
storage::Outcome SubmitAndWait(storage::Sequencer& sequencer,
                               storage::Command command) {
  absl::Notification done;
  storage::Outcome outcome = absl::UnknownError("not answered");
  sequencer.Submit(std::move(command), [&](storage::Outcome answer) {
    outcome = std::move(answer);
    done.Notify();
  });
  done.WaitForNotification();
  return outcome;
}
}  // namespace

std::unique_ptr<Periodic> Server::StartHousekeeping(
    absl::Duration purge_every) {
  std::vector<Periodic::Task> tasks;
  // The health service follows the ledger: NOT_SERVING once it stopped.
  tasks.push_back(
      {absl::Seconds(1), [this] {
         const bool serving = sequencer_->accepting_writes();
         if (serving == serving_) return;
         serving_ = serving;
         grpc_server_->GetHealthCheckService()->SetServingStatus(serving);
         event_log_->Write(serving ? "ledger_writing" : "ledger_stopped", {});
       }});
  // The age of the last backup, for the metrics.
  tasks.push_back({absl::Seconds(5), [this] {
                     const absl::Time last = backups_->last_backup_time();
                     if (last != absl::InfinitePast()) {
                       metrics_->BackupMade(last);
                     }
                   }});
  tasks.push_back(
      {absl::Minutes(1), [this] {
         const JunkCounts junk = call_monitor_->TakeJunk();
         if (junk.total() == 0) return;
         event_log_->Write(
             "junk_summary",
             {{"period_s", "60"},
              {"unauthenticated", absl::StrCat(junk.unauthenticated)},
              {"malformed", absl::StrCat(junk.malformed)},
              {"unknown_method", absl::StrCat(junk.unknown_method)},
              {"handshake_refused", absl::StrCat(junk.handshake_refused)}});
       }});
  tasks.push_back(
      {purge_every, [this] {
         absl::StatusOr<Authenticator::Purged> purged =
             authenticator_->PurgeSessions(absl::Now());
         if (!purged.ok()) {
           event_log_->Write(
               "session_purge_failed",
               {{"code", absl::StatusCodeToString(purged.status().code())}});
           return;
         }
         event_log_->Write(
             "session_purge",
             {{"sessions", absl::StrCat(purged->sessions)},
              {"revocations", absl::StrCat(purged->revocations)}});
       }});
  return std::make_unique<Periodic>(std::move(tasks));
}

absl::StatusOr<std::string> BootstrapAdmin(const std::string& data_dir,
                                           const std::string& login,
                                           const std::string& password) {
  RETURN_IF_ERROR(ValidateLogin(login));
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store,
                   storage::Store::Open(data_dir));
  ASSIGN_OR_RETURN(storage::HeadRecord head,
                   storage::LedgerReader(store.get()).GetHead());
  if (head.last_operator_id() != 0) {
    return absl::FailedPreconditionError(
        "this data directory already has operators; log in as an admin and "
        "use CreateOperator");
  }
  storage::Sequencer sequencer(store.get(), storage::SequencerOptions{});
  RETURN_IF_ERROR(sequencer.Start());
  storage::Command command;
  command.request_id = "bootstrap-admin";
  storage::RegistryChange change;
  storage::OperatorCreated* created = change.mutable_operator_created();
  created->set_login(login);
  created->set_display_name(login);
  created->set_role(kRoleAdmin);
  command.op = std::move(change);
  command.password_hash = std::move(hash);
  const storage::Outcome outcome = SubmitAndWait(sequencer, std::move(command));
  sequencer.Stop();
  if (!outcome.ok()) return outcome.status();
  return storage::OperatorName(
      outcome->registry().operator_created().operator_id());
}

absl::StatusOr<std::unique_ptr<Server>> Server::Start(
    const ServerOptions& options) {
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                   ListenCredentials(options.security, options.listen));
  std::unique_ptr<Server> server(new Server());
  RETURN_IF_ERROR(server->OpenStore(options));
  storage::SequencerOptions sequencer = options.sequencer;
  if (options.witness_every_batch) {
    sequencer.on_durable = [witness = server->witness_.get()](
                               uint64_t sequence, const std::string& hash) {
      return witness->Update(sequence, hash);
    };
  }
  server->sequencer_ =
      std::make_unique<storage::Sequencer>(server->store_.get(), sequencer);
  server->event_log_ = std::make_unique<EventLog>();
  server->metrics_ =
      std::make_unique<Metrics>(server->store_.get(), server->sequencer_.get());
  server->call_monitor_ = std::make_unique<CallMonitor>(
      server->metrics_.get(), server->event_log_.get(), ServedServices());
  server->sequencer_->set_on_batch_written(
      [metrics = server->metrics_.get()](size_t n, absl::Duration t) {
        metrics->BatchWritten(n, t);
      });
  RETURN_IF_ERROR(server->sequencer_->Start());
  RETURN_IF_ERROR(server->LogLoss());
  if (!options.metrics_listen.empty()) {
    RETURN_IF_ERROR(server->metrics_->Serve(options.metrics_listen));
  }
  server->authenticator_ =
      std::make_unique<Authenticator>(server->store_.get(), options.token_ttl);
  server->access_ = std::make_unique<Access>(server->store_.get());
  server->page_tokens_ =
      std::make_unique<PageTokens>(server->store_->page_token_secret());
  const Core core{server->store_.get(), server->sequencer_.get(),
                  server->authenticator_.get(), server->access_.get(),
                  server->page_tokens_.get()};
  server->ledger_service_ = std::make_unique<LedgerService>(core);
  server->audit_service_ = std::make_unique<AuditService>(
      server->store_.get(), server->authenticator_.get(),
      server->witness_->path(),
      [metrics = server->metrics_.get()](bool clean, absl::Duration took) {
        metrics->AuditRan(clean, took);
      });
  server->access_service_ = std::make_unique<AccessService>(core);
  server->organization_service_ = std::make_unique<OrganizationService>(core);
  server->registry_service_ = std::make_unique<RegistryService>(core);
  server->volunteer_service_ = std::make_unique<VolunteerService>(core);
  server->supermarket_service_ = std::make_unique<MarketService>(core);
  server->activity_service_ = std::make_unique<ActivityService>(core);
  server->policy_service_ = std::make_unique<PolicyService>(core);
  server->card_service_ = std::make_unique<CardService>(core);
  server->export_service_ = std::make_unique<ExportService>(core);
  server->report_service_ = std::make_unique<ReportService>(core);
  server->backups_ = std::make_unique<Backups>(server->store_.get());
  server->backup_service_ = std::make_unique<BackupService>(
      server->backups_.get(), server->authenticator_.get());

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // Requests are small (a transfer is well under 2 KiB); refusing large
  // ones at the transport keeps a hostile client from making us parse them.
  builder.SetMaxReceiveMessageSize(kMaxRequestBytes);
  // gRPC sets SO_REUSEPORT by default: a second server on the same port
  // would start and silently take half the connections to another ledger.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(options.listen, credentials, &server->port_);
  builder.RegisterService(server->ledger_service_.get());
  builder.RegisterService(server->audit_service_.get());
  builder.RegisterService(server->access_service_.get());
  builder.RegisterService(server->organization_service_.get());
  builder.RegisterService(server->registry_service_.get());
  builder.RegisterService(server->volunteer_service_.get());
  builder.RegisterService(server->supermarket_service_.get());
  builder.RegisterService(server->activity_service_.get());
  builder.RegisterService(server->policy_service_.get());
  builder.RegisterService(server->card_service_.get());
  builder.RegisterService(server->export_service_.get());
  builder.RegisterService(server->report_service_.get());
  builder.RegisterService(server->backup_service_.get());
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      observers;
  observers.push_back(server->call_monitor_->NewFactory());
  builder.experimental().SetInterceptorCreators(std::move(observers));
  server->grpc_server_ = builder.BuildAndStart();
  if (server->grpc_server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen,
                     " (address in use or malformed?)"));
  }
  if (options.expiry_run_time >= absl::ZeroDuration()) {
    server->expiry_schedule_ =
        std::make_unique<ExpirySchedule>(core, options.expiry_run_time);
  }
  server->periodic_ = server->StartHousekeeping(options.session_purge_every);
  InstallHandshakeCounter(server->call_monitor_.get());
  if (!options.backup_dir.empty()) {
    server->backup_schedule_ = std::make_unique<BackupSchedule>(
        server->backups_.get(), options.backup_dir, options.backup_every,
        options.backup_keep);
  }
  return server;
}

absl::Status Server::OpenStore(const ServerOptions& options) {
  absl::StatusOr<std::unique_ptr<storage::Store>> store =
      storage::Store::Open(options.data_dir);
  std::string wal_damage;
  if (absl::IsDataLoss(store.status()) && options.accept_loss) {
    wal_damage = std::string(store.status().message());
    store = storage::Store::Open(options.data_dir,
                                 storage::WalRecovery::kUpToDamage);
  }
  if (store.ok()) {
    store_ = *std::move(store);
    absl::StatusOr<storage::WitnessCheck> check = storage::CheckWitness(
        store_.get(),
        storage::WitnessPath(options.witness_dir.empty() ? options.data_dir
                                                         : options.witness_dir),
        wal_damage, options.accept_loss);
    if (check.ok()) {
      witness_ = std::move(check->file);
      loss_ = std::move(check->loss);
      return absl::OkStatus();
    }
    store = check.status();
  }
  if (!absl::IsDataLoss(store.status())) return store.status();
  return absl::DataLossError(absl::StrCat(
      store.status().message(),
      ". Nothing is served. If the loss is accepted, start once with "
      "--accept_loss: the server then opens what is left and records the "
      "loss as an entry of the log"));
}

absl::Status Server::LogLoss() {
  if (!loss_.has_value()) return absl::OkStatus();
  storage::Command command;
  command.request_id =
      absl::StrCat("loss-accepted-", absl::ToUnixMicros(absl::Now()));
  command.op = *loss_;
  ASSIGN_OR_RETURN(const storage::EntryRecord entry,
                   SubmitAndWait(*sequencer_, std::move(command)));
  std::cerr << "jiamei-server: loss accepted and recorded as entry "
            << entry.sequence() << ": " << loss_->reason() << std::endl;
  return absl::OkStatus();
}

Server::~Server() { Shutdown(absl::ZeroDuration()); }

void Server::Shutdown(absl::Duration grace) {
  periodic_.reset();
  if (grpc_server_ != nullptr) {
    const absl::Time deadline = absl::Now() + grace;
    grpc_server_->GetHealthCheckService()->Shutdown();
    // gRPC cancels a call it took but had not yet handed to a handler when
    // its Shutdown begins: so first answer everything that arrives, at
    // once, until clients stop sending.
    call_monitor_->BeginDrain();
    if (!call_monitor_->AwaitIdle(kDrainQuiet, deadline)) {
      event_log_->Write(
          "drain_timeout",
          {{"in_flight", absl::StrCat(call_monitor_->in_flight())}});
    }
    // Calls waiting on the sequencer finish as their batches become durable.
    grpc_server_->Shutdown(absl::ToChronoTime(deadline));
    grpc_server_.reset();
  }
  InstallHandshakeCounter(nullptr);
  if (metrics_ != nullptr) metrics_->StopServing();
  // A scheduled expiry in flight finishes its chunk first.
  expiry_schedule_.reset();
  backup_schedule_.reset();  // after the backup in progress
  if (sequencer_ != nullptr) sequencer_->Stop();
  // Join the workers (a running audit, log-ins) before the store closes.
  audit_service_.reset();
  backup_service_.reset();
  access_service_.reset();
  store_.reset();
  witness_.reset();
}

}  // namespace jiamei::services
