#include "services/server.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/server_builder.h"
#include "services/password.h"
#include "services/validation.h"
#include "storage/ledger_reader.h"
#include "storage/names.h"

namespace jiamei::services {
namespace {
constexpr int kMaxRequestBytes = 1 << 20;
constexpr int32_t kRoleAdmin = 1;  // jiamei.v1.ROLE_ADMIN
}  // namespace

absl::StatusOr<std::string> BootstrapAdmin(const std::string& data_dir,
                                           const std::string& login,
                                           const std::string& password) {
  if (absl::Status s = ValidateLogin(login); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::string> hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  absl::StatusOr<std::unique_ptr<storage::Store>> store =
      storage::Store::Open(data_dir);
  if (!store.ok()) return store.status();
  absl::StatusOr<storage::HeadRecord> head =
      storage::LedgerReader(store->get()).GetHead();
  if (!head.ok()) return head.status();
  if (head->last_operator_id() != 0) {
    return absl::FailedPreconditionError(
        "this data directory already has operators; log in as an admin and "
        "use CreateOperator");
  }
  storage::Sequencer sequencer(store->get(), storage::SequencerOptions{});
  if (absl::Status s = sequencer.Start(); !s.ok()) return s;
  storage::Command command;
  command.request_id = "bootstrap-admin";
  storage::RegistryChange change;
  storage::OperatorCreated* created = change.mutable_operator_created();
  created->set_login(login);
  created->set_display_name(login);
  created->set_role(kRoleAdmin);
  command.op = std::move(change);
  command.password_hash = *std::move(hash);
  absl::Notification done;
  storage::Outcome outcome = absl::UnknownError("not answered");
  sequencer.Submit(std::move(command), [&](storage::Outcome answer) {
    outcome = std::move(answer);
    done.Notify();
  });
  done.WaitForNotification();
  sequencer.Stop();
  if (!outcome.ok()) return outcome.status();
  return storage::OperatorName(
      outcome->registry().operator_created().operator_id());
}

absl::StatusOr<std::unique_ptr<Server>> Server::Start(
    const ServerOptions& options) {
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      ListenCredentials(options.security, options.listen);
  if (!credentials.ok()) return credentials.status();
  std::unique_ptr<Server> server(new Server());
  if (absl::Status s = server->OpenStore(options); !s.ok()) return s;
  storage::SequencerOptions sequencer = options.sequencer;
  if (options.witness_every_batch) {
    sequencer.on_durable = [witness = server->witness_.get()](
                               uint64_t sequence, const std::string& hash) {
      return witness->Update(sequence, hash);
    };
  }
  server->sequencer_ =
      std::make_unique<storage::Sequencer>(server->store_.get(), sequencer);
  if (absl::Status s = server->sequencer_->Start(); !s.ok()) return s;
  if (absl::Status s = server->LogLoss(); !s.ok()) return s;
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
      server->witness_->path());
  server->access_service_ = std::make_unique<AccessService>(core);
  server->organization_service_ = std::make_unique<OrganizationService>(core);
  server->registry_service_ = std::make_unique<RegistryService>(core);
  server->volunteer_service_ = std::make_unique<VolunteerService>(core);
  server->supermarket_service_ = std::make_unique<SupermarketService>(core);
  server->activity_service_ = std::make_unique<ActivityService>(core);
  server->policy_service_ = std::make_unique<PolicyService>(core);
  server->card_service_ = std::make_unique<CardService>(core);
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
  builder.AddListeningPort(options.listen, *credentials, &server->port_);
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
  builder.RegisterService(server->backup_service_.get());
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
  absl::Notification done;
  storage::Outcome outcome = absl::UnknownError("not answered");
  sequencer_->Submit(std::move(command), [&](storage::Outcome answer) {
    outcome = std::move(answer);
    done.Notify();
  });
  done.WaitForNotification();
  if (!outcome.ok()) return outcome.status();
  std::cerr << "jiamei-server: loss accepted and recorded as entry "
            << outcome->sequence() << ": " << loss_->reason() << std::endl;
  return absl::OkStatus();
}

Server::~Server() { Shutdown(absl::ZeroDuration()); }

void Server::Shutdown(absl::Duration grace) {
  if (grpc_server_ != nullptr) {
    grpc_server_->GetHealthCheckService()->Shutdown();
    // Calls waiting on the sequencer finish as their batches become durable.
    grpc_server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
    grpc_server_.reset();
  }
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
