#include "services/server.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/server_builder.h"

namespace jiamei::services {
namespace {
constexpr int kMaxRequestBytes = 1 << 20;
}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(
    const ServerOptions& options) {
  std::unique_ptr<Server> server(new Server());
  absl::StatusOr<std::unique_ptr<storage::Store>> store =
      storage::Store::Open(options.data_dir);
  if (!store.ok()) return store.status();
  server->store_ = *std::move(store);
  server->sequencer_ = std::make_unique<storage::Sequencer>(
      server->store_.get(), options.sequencer);
  if (absl::Status s = server->sequencer_->Start(); !s.ok()) return s;
  server->ledger_service_ = std::make_unique<LedgerService>(
      server->store_.get(), server->sequencer_.get());
  server->audit_service_ = std::make_unique<AuditService>(server->store_.get());

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // Requests are small (a transfer is well under 2 KiB); refusing large
  // ones at the transport keeps a hostile client from making us parse them.
  builder.SetMaxReceiveMessageSize(kMaxRequestBytes);
  // gRPC sets SO_REUSEPORT by default: a second server on the same port
  // would start and silently take half the connections to another ledger.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(),
                           &server->port_);
  builder.RegisterService(server->ledger_service_.get());
  builder.RegisterService(server->audit_service_.get());
  server->grpc_server_ = builder.BuildAndStart();
  if (server->grpc_server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen,
                     " (address in use or malformed?)"));
  }
  return server;
}

Server::~Server() { Shutdown(absl::ZeroDuration()); }

void Server::Shutdown(absl::Duration grace) {
  if (grpc_server_ != nullptr) {
    grpc_server_->GetHealthCheckService()->Shutdown();
    // Calls waiting on the sequencer finish as their batches become durable.
    grpc_server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
    grpc_server_.reset();
  }
  if (sequencer_ != nullptr) sequencer_->Stop();
  audit_service_.reset();  // joins a running audit before the store closes
  store_.reset();
}

}  // namespace jiamei::services
