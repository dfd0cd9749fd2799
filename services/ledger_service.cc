#include "services/ledger_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/convert.h"
#include "services/status_mapping.h"
#include "services/validation.h"
#include "storage/canonical.h"
#include "storage/ledger_reader.h"
#include "storage/refusal.h"

namespace jiamei::services {
namespace {

using storage::Command;
using storage::EntryRecord;
using storage::Outcome;

// Answers at once: for reads and for requests refused at the door.
grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* context,
                                 const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

// Submits a validated command; `fill` turns the durable entry into the
// response. Called back on the sequencer's completion thread.
template <typename Response, typename Fill>
grpc::ServerUnaryReactor* Submit(grpc::CallbackServerContext* context,
                                 storage::Sequencer* sequencer,
                                 absl::StatusOr<Command> command,
                                 Response* response, Fill fill) {
  if (!command.ok()) return Answer(context, command.status());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  sequencer->Submit(*std::move(command),
                    [reactor, response, fill](Outcome outcome) {
                      if (outcome.ok()) fill(*outcome, response);
                      reactor->Finish(ToGrpcStatus(outcome.status()));
                    });
  return reactor;
}

absl::StatusOr<Command> ToCommand(const jiamei::v1::CreateAccountRequest& r) {
  if (absl::Status s = ValidateRequestId(r.request_id()); !s.ok()) return s;
  if (r.kind() == jiamei::v1::ACCOUNT_KIND_UNSPECIFIED ||
      !jiamei::v1::AccountKind_IsValid(r.kind())) {
    return Refusal(absl::StatusCode::kInvalidArgument, "INVALID_KIND",
                   absl::StrCat("kind must be ISSUANCE, HOUSEHOLD or "
                                "SUPERMARKET, got ",
                                r.kind()));
  }
  if (absl::Status s = ValidateDisplayName(r.display_name()); !s.ok()) return s;
  return Command{r.request_id(),
                 storage::OpenAccount{r.kind(), r.display_name()}};
}

absl::StatusOr<Command> ToCommand(const jiamei::v1::CreateTransferRequest& r) {
  if (absl::Status s = ValidateRequestId(r.request_id()); !s.ok()) return s;
  absl::StatusOr<uint64_t> debit =
      ParseName(r.debit_account(), "accounts", "debit_account");
  if (!debit.ok()) return debit.status();
  absl::StatusOr<uint64_t> credit =
      ParseName(r.credit_account(), "accounts", "credit_account");
  if (!credit.ok()) return credit.status();
  if (*debit == *credit) {
    return Refusal(absl::StatusCode::kInvalidArgument, "SAME_ACCOUNT",
                   "debit_account and credit_account must differ");
  }
  if (r.amount() <= 0) {
    return Refusal(absl::StatusCode::kInvalidArgument, "INVALID_AMOUNT",
                   absl::StrCat("amount must be at least 1, got ", r.amount()));
  }
  if (absl::Status s = ValidateReasonCode(r.reason_code()); !s.ok()) return s;
  if (r.reason_code() == storage::kReversalReasonCode) {
    return Refusal(absl::StatusCode::kInvalidArgument, "INVALID_REASON_CODE",
                   "REVERSAL is reserved: use ReverseTransfer");
  }
  if (absl::Status s = ValidateMemo(r.memo()); !s.ok()) return s;
  return Command{r.request_id(),
                 storage::MakeTransfer{*debit, *credit, r.amount(),
                                       r.reason_code(), r.memo()}};
}

absl::StatusOr<Command> ToCommand(const jiamei::v1::ReverseTransferRequest& r) {
  if (absl::Status s = ValidateRequestId(r.request_id()); !s.ok()) return s;
  absl::StatusOr<uint64_t> original = ParseName(r.name(), "transfers", "name");
  if (!original.ok()) return original.status();
  if (absl::Status s = ValidateMemo(r.memo()); !s.ok()) return s;
  return Command{r.request_id(), storage::ReverseTransfer{*original, r.memo()}};
}

std::string HistoryList(uint64_t account) {
  return absl::StrCat("history/", account);
}

void FillTransfer(const EntryRecord& entry, jiamei::v1::Transfer* response) {
  ToTransfer(entry, std::nullopt, response);
}

// A transfer as it stands now, with the reversal that names it, if any.
absl::Status ReadTransfer(const storage::LedgerReader& reader, uint64_t seq,
                          jiamei::v1::Transfer* out) {
  absl::StatusOr<EntryRecord> entry =
      storage::AsTransfer(reader.GetEntry(seq), seq);
  if (!entry.ok()) return entry.status();
  absl::StatusOr<std::optional<uint64_t>> reversal = reader.GetReversal(seq);
  if (!reversal.ok()) return reversal.status();
  ToTransfer(*entry, *reversal, out);
  return absl::OkStatus();
}

}  // namespace

LedgerService::LedgerService(const storage::Store* store,
                             storage::Sequencer* sequencer)
    : store_(store),
      sequencer_(sequencer),
      page_tokens_(store->page_token_secret()) {}

grpc::ServerUnaryReactor* LedgerService::CreateAccount(
    grpc::CallbackServerContext* context,
    const jiamei::v1::CreateAccountRequest* request,
    jiamei::v1::Account* response) {
  return Submit(context, sequencer_, ToCommand(*request), response,
                ToOpenedAccount);
}

grpc::ServerUnaryReactor* LedgerService::CreateTransfer(
    grpc::CallbackServerContext* context,
    const jiamei::v1::CreateTransferRequest* request,
    jiamei::v1::Transfer* response) {
  return Submit(context, sequencer_, ToCommand(*request), response,
                FillTransfer);
}

grpc::ServerUnaryReactor* LedgerService::ReverseTransfer(
    grpc::CallbackServerContext* context,
    const jiamei::v1::ReverseTransferRequest* request,
    jiamei::v1::Transfer* response) {
  return Submit(context, sequencer_, ToCommand(*request), response,
                FillTransfer);
}

grpc::ServerUnaryReactor* LedgerService::GetAccount(
    grpc::CallbackServerContext* context,
    const jiamei::v1::GetAccountRequest* request,
    jiamei::v1::Account* response) {
  absl::StatusOr<uint64_t> id = ParseName(request->name(), "accounts", "name");
  if (!id.ok()) return Answer(context, id.status());
  absl::StatusOr<storage::AccountView> view =
      storage::LedgerReader(store_).GetAccount(*id);
  if (view.ok()) ToAccount(*view, response);
  return Answer(context, view.status());
}

grpc::ServerUnaryReactor* LedgerService::ListAccounts(
    grpc::CallbackServerContext* context,
    const jiamei::v1::ListAccountsRequest* request,
    jiamei::v1::ListAccountsResponse* response) {
  constexpr absl::string_view kList = "accounts";
  absl::StatusOr<int> page_size = ValidatePageSize(request->page_size());
  if (!page_size.ok()) return Answer(context, page_size.status());
  absl::StatusOr<uint64_t> after =
      page_tokens_.Resume(kList, request->page_token(), 0);
  if (!after.ok()) return Answer(context, after.status());
  absl::StatusOr<std::vector<storage::AccountView>> accounts =
      storage::LedgerReader(store_).ListAccounts(*after, *page_size + 1);
  if (!accounts.ok()) return Answer(context, accounts.status());
  const bool more = static_cast<int>(accounts->size()) > *page_size;
  if (more) accounts->pop_back();
  for (const storage::AccountView& view : *accounts) {
    ToAccount(view, response->add_accounts());
  }
  if (more) {
    response->set_next_page_token(
        page_tokens_.Encode(kList, accounts->back().account.id()));
  }
  return Answer(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* LedgerService::GetTransfer(
    grpc::CallbackServerContext* context,
    const jiamei::v1::GetTransferRequest* request,
    jiamei::v1::Transfer* response) {
  absl::StatusOr<uint64_t> seq =
      ParseName(request->name(), "transfers", "name");
  if (!seq.ok()) return Answer(context, seq.status());
  return Answer(context,
                ReadTransfer(storage::LedgerReader(store_), *seq, response));
}

grpc::ServerUnaryReactor* LedgerService::ListAccountHistory(
    grpc::CallbackServerContext* context,
    const jiamei::v1::ListAccountHistoryRequest* request,
    jiamei::v1::ListAccountHistoryResponse* response) {
  absl::StatusOr<uint64_t> id =
      ParseName(request->account(), "accounts", "account");
  if (!id.ok()) return Answer(context, id.status());
  absl::StatusOr<int> page_size = ValidatePageSize(request->page_size());
  if (!page_size.ok()) return Answer(context, page_size.status());
  absl::StatusOr<uint64_t> before =
      page_tokens_.Resume(HistoryList(*id), request->page_token(), UINT64_MAX);
  if (!before.ok()) return Answer(context, before.status());
  // One snapshot, so that a page never mixes two states of the ledger.
  const rocksdb::Snapshot* snapshot = store_->db()->GetSnapshot();
  absl::Status status = ReadHistory(storage::LedgerReader(store_, snapshot),
                                    *id, *before, *page_size, response);
  store_->db()->ReleaseSnapshot(snapshot);
  return Answer(context, status);
}

absl::Status LedgerService::ReadHistory(
    const storage::LedgerReader& reader, uint64_t account, uint64_t before,
    int page_size, jiamei::v1::ListAccountHistoryResponse* response) const {
  if (absl::Status s = reader.GetAccount(account).status(); !s.ok()) return s;
  absl::StatusOr<std::vector<storage::HistoryItem>> items =
      reader.ListHistory(account, before, page_size + 1);
  if (!items.ok()) return items.status();
  if (static_cast<int>(items->size()) > page_size) {
    items->pop_back();
    response->set_next_page_token(page_tokens_.Encode(
        HistoryList(account), items->back().entry.sequence()));
  }
  for (const storage::HistoryItem& item : *items) {
    absl::StatusOr<std::optional<uint64_t>> reversal =
        reader.GetReversal(item.entry.sequence());
    if (!reversal.ok()) return reversal.status();
    jiamei::v1::HistoryLine* line = response->add_lines();
    ToTransfer(item.entry, *reversal, line->mutable_transfer());
    line->set_change(item.value.change);
    line->set_balance_after(item.value.balance_after);
  }
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* LedgerService::GetDigest(
    grpc::CallbackServerContext* context,
    const jiamei::v1::GetDigestRequest* request, jiamei::v1::Digest* response) {
  const storage::LedgerReader reader(store_);
  absl::StatusOr<storage::HeadRecord> head = reader.GetHead();
  if (!head.ok()) return Answer(context, head.status());
  const uint64_t at = request->at_sequence();
  if (at == 0 || at == head->last_sequence()) {
    response->set_last_sequence(head->last_sequence());
    response->set_head_hash(storage::Hex(head->head_hash()));
    return Answer(context, absl::OkStatus());
  }
  if (at > head->last_sequence()) {
    return Answer(context,
                  Refusal(absl::StatusCode::kOutOfRange, "SEQUENCE_NOT_REACHED",
                          absl::StrCat("at_sequence ", at,
                                       " is beyond the last "
                                       "entry, ",
                                       head->last_sequence())));
  }
  absl::StatusOr<EntryRecord> entry = reader.GetEntry(at);
  if (entry.ok()) {
    response->set_last_sequence(at);
    response->set_head_hash(storage::Hex(entry->hash()));
  }
  return Answer(context, entry.status());
}

}  // namespace jiamei::services
