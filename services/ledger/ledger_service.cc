#include "services/ledger/ledger_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/convert.h"
#include "services/common/validation.h"
#include "services/ledger/ledger_errors.h"
#include "storage/core/canonical.h"
#include "storage/core/postings.h"
#include "storage/core/refusal.h"
#include "storage/core/snapshot.h"
#include "storage/core/status_macros.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

using storage::Command;
using storage::EntryRecord;

std::string HistoryList(uint64_t account) {
  return absl::StrCat("history/", account);
}

absl::Status FillTransfer(const Principal&, const EntryRecord& entry,
                          jiamei::v1::Transfer* response) {
  TransferToProto(entry, std::nullopt, response);
  return absl::OkStatus();
}

// A transfer as it stands now, with the reversal that names it, if any.
absl::Status ReadTransfer(const storage::LedgerReader& reader,
                          const EntryRecord& entry, jiamei::v1::Transfer* out,
                          uint64_t account = 0) {
  ASSIGN_OR_RETURN(std::optional<uint64_t> reversal,
                   reader.GetReversal(entry.sequence()));
  TransferToProto(entry, reversal, out, account);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Command> LedgerService::CommandFromProto(
    const Principal& caller, const jiamei::v1::CreateAccountRequest& r) const {
  RETURN_IF_ERROR(ValidateRequestId(r.request_id()));
  if (r.kind() != jiamei::v1::ACCOUNT_KIND_SUPERMARKET) {
    return errors::KindNotSupermarket(r.kind());
  }
  RETURN_IF_ERROR(ValidateDisplayName(r.display_name()));
  ASSIGN_OR_RETURN(uint64_t unit, ParseName(r.unit(), "units", "unit"));
  RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, unit));
  return Command{r.request_id(),
                 storage::OpenAccount{r.kind(), r.display_name(), unit}};
}

absl::StatusOr<Command> LedgerService::CommandFromProto(
    const Principal& caller, const jiamei::v1::CreateTransferRequest& r) const {
  RETURN_IF_ERROR(ValidateRequestId(r.request_id()));
  ASSIGN_OR_RETURN(uint64_t debit,
                   ParseName(r.debit_account(), "accounts", "debit_account"));
  ASSIGN_OR_RETURN(uint64_t credit,
                   ParseName(r.credit_account(), "accounts", "credit_account"));
  if (debit == credit) {
    return errors::SameAccountFields();
  }
  if (r.amount() <= 0) {
    return errors::AmountBelowOne(r.amount());
  }
  RETURN_IF_ERROR(ValidateReasonCode(r.reason_code()));
  if (r.reason_code() == storage::kReversalReasonCode) {
    return errors::ReasonCodeReserved();
  }
  RETURN_IF_ERROR(ValidateMemo(r.memo()));
  RETURN_IF_ERROR(core_.access->RequireAccount(caller, debit));
  RETURN_IF_ERROR(core_.access->RequirePayee(caller, credit));
  return Command{r.request_id(),
                 storage::MakeTransfer{debit, credit, r.amount(),
                                       r.reason_code(), r.memo()}};
}

absl::StatusOr<Command> LedgerService::CommandFromProto(
    const Principal& caller,
    const jiamei::v1::ReverseTransferRequest& r) const {
  RETURN_IF_ERROR(ValidateRequestId(r.request_id()));
  ASSIGN_OR_RETURN(uint64_t original, ParseName(r.name(), "transfers", "name"));
  RETURN_IF_ERROR(ValidateMemo(r.memo()));
  ASSIGN_OR_RETURN(
      EntryRecord entry,
      storage::AsTransfer(storage::LedgerReader(core_.store).GetEntry(original),
                          original));
  // The reversal takes the points back from the original's credit account.
  const storage::TransferBody& t = *storage::TransferTouching(entry);
  RETURN_IF_ERROR(core_.access->RequireAccount(caller, t.credit_account()));
  RETURN_IF_ERROR(core_.access->RequirePayee(caller, t.debit_account()));
  return Command{r.request_id(), storage::ReverseTransfer{original, r.memo()}};
}

grpc::ServerUnaryReactor* LedgerService::CreateAccount(
    grpc::CallbackServerContext* context,
    const jiamei::v1::CreateAccountRequest* request,
    jiamei::v1::Account* response) {
  return ServeWrite(
      core_, context, kLedgerPermissions.Of("CreateAccount"), response,
      [&](const Principal& caller) {
        return CommandFromProto(caller, *request);
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Account* out) {
        ASSIGN_OR_RETURN(
            const storage::AccountView view,
            storage::LedgerReader(core_.store)
                .GetAccountAsOpened(
                    storage::OpenedAccounts(entry).front()->account_id()));
        AccountToProto(view, out);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* LedgerService::CreateTransfer(
    grpc::CallbackServerContext* context,
    const jiamei::v1::CreateTransferRequest* request,
    jiamei::v1::Transfer* response) {
  return ServeWrite(
      core_, context, kLedgerPermissions.Of("CreateTransfer"), response,
      [&](const Principal& caller) {
        return CommandFromProto(caller, *request);
      },
      FillTransfer);
}

grpc::ServerUnaryReactor* LedgerService::ReverseTransfer(
    grpc::CallbackServerContext* context,
    const jiamei::v1::ReverseTransferRequest* request,
    jiamei::v1::Transfer* response) {
  return ServeWrite(
      core_, context, kLedgerPermissions.Of("ReverseTransfer"), response,
      [&](const Principal& caller) {
        return CommandFromProto(caller, *request);
      },
      FillTransfer);
}

grpc::ServerUnaryReactor* LedgerService::GetAccount(
    grpc::CallbackServerContext* context,
    const jiamei::v1::GetAccountRequest* request,
    jiamei::v1::Account* response) {
  const Permission& permission = kLedgerPermissions.Of("GetAccount");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t id,
                     ParseName(request->name(), "accounts", "name"));
    RETURN_IF_ERROR(core_.access->RequireAccount(caller, id));
    ASSIGN_OR_RETURN(const storage::AccountView view,
                     storage::LedgerReader(core_.store).GetAccount(id));
    AccountToProto(view, response);
    return absl::OkStatus();
  });
}

absl::Status LedgerService::ListAllAccounts(
    int32_t page_size_in, const std::string& page_token,
    jiamei::v1::ListAccountsResponse* response) const {
  constexpr absl::string_view kList = "accounts";
  ASSIGN_OR_RETURN(int page_size, ValidatePageSize(page_size_in));
  ASSIGN_OR_RETURN(uint64_t after,
                   core_.page_tokens->Resume(kList, page_token, 0));
  ASSIGN_OR_RETURN(
      std::vector<storage::AccountView> accounts,
      storage::LedgerReader(core_.store).ListAccounts(after, page_size + 1));
  if (static_cast<int>(accounts.size()) > page_size) {
    accounts.pop_back();
    response->set_next_page_token(
        core_.page_tokens->Encode(kList, accounts.back().account.id()));
  }
  for (const storage::AccountView& view : accounts) {
    AccountToProto(view, response->add_accounts());
  }
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* LedgerService::ListAccounts(
    grpc::CallbackServerContext* context,
    const jiamei::v1::ListAccountsRequest* request,
    jiamei::v1::ListAccountsResponse* response) {
  const Permission& permission = kLedgerPermissions.Of("ListAccounts");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t unit,
                     ParseOptionalName(request->unit(), "units", "unit"));
    RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, unit));
    if (unit == 0) {
      return ListAllAccounts(request->page_size(), request->page_token(),
                             response);
    }
    const storage::LedgerReader reader(core_.store);
    return ListIdPage(core_, storage::Index::kUnitAccount, unit,
                      absl::StrCat("accounts/", unit), request->page_size(),
                      request->page_token(),
                      response->mutable_next_page_token(), [&](uint64_t id) {
                        ASSIGN_OR_RETURN(const storage::AccountView view,
                                         reader.GetAccount(id));
                        AccountToProto(view, response->add_accounts());
                        return absl::OkStatus();
                      });
  });
}

grpc::ServerUnaryReactor* LedgerService::GetTransfer(
    grpc::CallbackServerContext* context,
    const jiamei::v1::GetTransferRequest* request,
    jiamei::v1::Transfer* response) {
  const Permission& permission = kLedgerPermissions.Of("GetTransfer");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t seq,
                     ParseName(request->name(), "transfers", "name"));
    const storage::LedgerReader reader(core_.store);
    ASSIGN_OR_RETURN(EntryRecord entry,
                     storage::AsTransfer(reader.GetEntry(seq), seq));
    // Visible to whoever may see either side.
    const storage::TransferBody& t = *storage::TransferTouching(entry);
    absl::Status debit =
        core_.access->RequireAccount(caller, t.debit_account());
    if (!debit.ok()) {
      absl::Status credit =
          core_.access->RequireAccount(caller, t.credit_account());
      if (!credit.ok()) return debit;
    }
    return ReadTransfer(reader, entry, response);
  });
}

grpc::ServerUnaryReactor* LedgerService::ListAccountHistory(
    grpc::CallbackServerContext* context,
    const jiamei::v1::ListAccountHistoryRequest* request,
    jiamei::v1::ListAccountHistoryResponse* response) {
  const Permission& permission = kLedgerPermissions.Of("ListAccountHistory");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t id,
                     ParseName(request->account(), "accounts", "account"));
    ASSIGN_OR_RETURN(int page_size, ValidatePageSize(request->page_size()));
    ASSIGN_OR_RETURN(uint64_t before,
                     core_.page_tokens->Resume(
                         HistoryList(id), request->page_token(), UINT64_MAX));
    RETURN_IF_ERROR(core_.access->RequireAccount(caller, id));
    // One snapshot, so that a page never mixes two states of the ledger.
    const storage::Snapshot snapshot(core_.store);
    return ReadHistory(storage::LedgerReader(core_.store, snapshot.get()), id,
                       before, page_size, response);
  });
}

absl::Status LedgerService::ReadHistory(
    const storage::LedgerReader& reader, uint64_t account, uint64_t before,
    int page_size, jiamei::v1::ListAccountHistoryResponse* response) const {
  RETURN_IF_ERROR(reader.GetAccount(account).status());
  ASSIGN_OR_RETURN(std::vector<storage::HistoryItem> items,
                   reader.ListHistory(account, before, page_size + 1));
  if (static_cast<int>(items.size()) > page_size) {
    items.pop_back();
    response->set_next_page_token(core_.page_tokens->Encode(
        HistoryList(account), items.back().entry.sequence()));
  }
  for (const storage::HistoryItem& item : items) {
    jiamei::v1::HistoryLine* line = response->add_lines();
    RETURN_IF_ERROR(
        ReadTransfer(reader, item.entry, line->mutable_transfer(), account));
    line->set_change(item.value.change);
    line->set_balance_after(item.value.balance_after);
  }
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* LedgerService::GetDigest(
    grpc::CallbackServerContext* context,
    const jiamei::v1::GetDigestRequest* request, jiamei::v1::Digest* response) {
  const Permission& permission = kLedgerPermissions.Of("GetDigest");
  return ServeRead(core_, context, permission, [&](const Principal&) {
    const storage::LedgerReader reader(core_.store);
    ASSIGN_OR_RETURN(storage::HeadRecord head, reader.GetHead());
    const uint64_t at = request->at_sequence();
    if (at == 0 || at == head.last_sequence()) {
      response->set_last_sequence(head.last_sequence());
      response->set_head_hash(storage::Hex(head.head_hash()));
      return absl::OkStatus();
    }
    if (at > head.last_sequence()) {
      return errors::SequenceNotReached(at, head.last_sequence());
    }
    ASSIGN_OR_RETURN(EntryRecord entry, reader.GetEntry(at));
    response->set_last_sequence(at);
    response->set_head_hash(storage::Hex(entry.hash()));
    return absl::OkStatus();
  });
}

}  // namespace jiamei::services
