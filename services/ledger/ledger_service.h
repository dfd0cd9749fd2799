// jiamei.v1.LedgerService: thin handlers over the core. Each validates its
// request completely, then either submits a command to the sequencer (and
// answers when the sequencer says the batch is durable) or reads.
#ifndef JIAMEI_SERVICES_LEDGER_LEDGER_SERVICE_H_
#define JIAMEI_SERVICES_LEDGER_LEDGER_SERVICE_H_

#include "jiamei/v1/ledger.grpc.pb.h"
#include "services/common/handler.h"
#include "storage/ledger/ledger_reader.h"

namespace jiamei::services {

class LedgerService final : public jiamei::v1::LedgerService::CallbackService {
 public:
  explicit LedgerService(const Core& core) : core_(core) {}

  grpc::ServerUnaryReactor* CreateAccount(
      grpc::CallbackServerContext* context,
      const jiamei::v1::CreateAccountRequest* request,
      jiamei::v1::Account* response) override;
  grpc::ServerUnaryReactor* GetAccount(
      grpc::CallbackServerContext* context,
      const jiamei::v1::GetAccountRequest* request,
      jiamei::v1::Account* response) override;
  grpc::ServerUnaryReactor* ListAccounts(
      grpc::CallbackServerContext* context,
      const jiamei::v1::ListAccountsRequest* request,
      jiamei::v1::ListAccountsResponse* response) override;
  grpc::ServerUnaryReactor* CreateTransfer(
      grpc::CallbackServerContext* context,
      const jiamei::v1::CreateTransferRequest* request,
      jiamei::v1::Transfer* response) override;
  grpc::ServerUnaryReactor* GetTransfer(
      grpc::CallbackServerContext* context,
      const jiamei::v1::GetTransferRequest* request,
      jiamei::v1::Transfer* response) override;
  grpc::ServerUnaryReactor* ReverseTransfer(
      grpc::CallbackServerContext* context,
      const jiamei::v1::ReverseTransferRequest* request,
      jiamei::v1::Transfer* response) override;
  grpc::ServerUnaryReactor* ListAccountHistory(
      grpc::CallbackServerContext* context,
      const jiamei::v1::ListAccountHistoryRequest* request,
      jiamei::v1::ListAccountHistoryResponse* response) override;
  grpc::ServerUnaryReactor* GetDigest(
      grpc::CallbackServerContext* context,
      const jiamei::v1::GetDigestRequest* request,
      jiamei::v1::Digest* response) override;

 private:
  absl::Status ReadHistory(
      const storage::LedgerReader& reader, uint64_t account, uint64_t before,
      int page_size, jiamei::v1::ListAccountHistoryResponse* response) const;
  absl::StatusOr<storage::Command> CommandFromProto(
      const Principal& caller,
      const jiamei::v1::CreateAccountRequest& request) const;
  absl::StatusOr<storage::Command> CommandFromProto(
      const Principal& caller,
      const jiamei::v1::CreateTransferRequest& request) const;
  absl::StatusOr<storage::Command> CommandFromProto(
      const Principal& caller,
      const jiamei::v1::ReverseTransferRequest& request) const;
  absl::Status ListAllAccounts(
      int32_t page_size, const std::string& page_token,
      jiamei::v1::ListAccountsResponse* response) const;

  const Core core_;
};

// Who may call each method of jiamei.v1.LedgerService
// (services/common/permissions.h).
inline constexpr auto kLedgerPermissions =
    PermissionsOf<jiamei::v1::LedgerService>({
        Rpc("CreateAccount", kAdmin),
        Rpc("GetAccount", kAccountReaders),
        Rpc("ListAccounts", kBookkeepers),
        Rpc("CreateTransfer", kDesks),
        Rpc("GetTransfer", kAccountReaders),
        Rpc("ReverseTransfer", kDesks),
        Rpc("ListAccountHistory", kAccountReaders),
        Rpc("GetDigest", kEveryone),
    });

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_LEDGER_LEDGER_SERVICE_H_
