// The commands of the ledger: accounts, transfers, history, the digest.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/client.h"
#include "clients/cli/command.h"
#include "clients/cli/flag_values.h"
#include "clients/cli/flags.h"
#include "clients/cli/output.h"
#include "jiamei/v1/ledger.grpc.pb.h"

// The flags only these commands read.
ABSL_FLAG(std::string, debit, "", "the account the points leave");
ABSL_FLAG(std::string, credit, "", "the account the points reach");
// A string, not an int64 flag, so that a bad amount is reported here, in
// the CLI's words.
ABSL_FLAG(std::string, amount, "", "points, at least 1");
ABSL_FLAG(std::string, memo, "", "free text");

namespace jiamei::cli {

template <>
void Print(const v1::Account& account) {
  std::vector<Field> fields = {{"name", account.name()},
                               {"kind", Word(account.kind())},
                               {"display_name", account.display_name()}};
  AddIfSet(&fields, "unit", account.unit());
  AddIfSet(&fields, "household", account.household());
  fields.insert(fields.end(),
                {{"balance", absl::StrCat(account.balance())},
                 {"created", Time(account.create_time())},
                 {"last_sequence", absl::StrCat(account.last_sequence())}});
  PrintFields(fields);
}

template <>
void Print(const v1::Transfer& transfer) {
  std::vector<Field> fields = {
      {"name", transfer.name()},
      {"moves", absl::StrCat(transfer.debit_account(), " → ",
                             transfer.credit_account())},
      {"amount", absl::StrCat(transfer.amount())},
      {"reason", transfer.reason_code()},
      {"memo", transfer.memo()},
      {"time", Time(transfer.create_time())},
      {"request_id", transfer.request_id()}};
  AddIfSet(&fields, "operator", transfer.operator_());
  AddIfSet(&fields, "reverses", transfer.reverses());
  AddIfSet(&fields, "reversed_by", transfer.reversed_by());
  fields.emplace_back("hash", transfer.entry_hash());
  PrintFields(fields);
}

template <>
void Print(const v1::ListAccountsResponse& page) {
  std::vector<Row> rows;
  for (const v1::Account& account : page.accounts()) {
    rows.push_back({account.name(), Word(account.kind()), Cell(account.unit()),
                    absl::StrCat(account.balance()), account.display_name()});
  }
  PrintTable({{"ACCOUNT", false},
              {"KIND", false},
              {"UNIT", false},
              {"BALANCE", true},
              {"DISPLAY NAME", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

template <>
void Print(const v1::ListAccountHistoryResponse& page) {
  std::vector<Row> rows;
  for (const v1::HistoryLine& line : page.lines()) {
    const v1::Transfer& transfer = line.transfer();
    // The account at the other end: where the points went, or came from.
    const std::string& counterparty = line.change() < 0
                                          ? transfer.credit_account()
                                          : transfer.debit_account();
    rows.push_back({absl::StrCat(transfer.sequence()),
                    Time(transfer.create_time()), Signed(line.change()),
                    absl::StrCat(line.balance_after()), transfer.reason_code(),
                    counterparty, transfer.memo()});
  }
  PrintTable({{"SEQ", true},
              {"TIME", false},
              {"CHANGE", true},
              {"BALANCE", true},
              {"REASON", false},
              {"COUNTERPARTY", false},
              {"MEMO", false}},
             rows);
  PrintNextPageToken(page.next_page_token());
}

template <>
void Print(const v1::Digest& digest) {
  PrintFields({{"last_sequence", absl::StrCat(digest.last_sequence())},
               {"head_hash", digest.head_hash()}});
}

namespace {

using Ledger = v1::LedgerService::Stub;

int AccountOpen(Client* client, const std::string& /*operand*/) {
  std::string error;
  const v1::AccountKind kind = ParseWord<v1::AccountKind>(FLAGS_kind, &error);
  if (!error.empty()) return UsageError(error);
  v1::CreateAccountRequest request;
  request.set_kind(kind);
  request.set_display_name(absl::GetFlag(FLAGS_display_name));
  request.set_unit(NameFlag(FLAGS_unit, "units"));
  request.set_request_id(RequestId());
  return client->Call(&Ledger::CreateAccount, request);
}

int AccountList(Client* client, const std::string& /*operand*/) {
  v1::ListAccountsRequest request;
  request.set_unit(NameFlag(FLAGS_unit, "units"));
  return client->List(&Ledger::ListAccounts, request);
}

int TransferCreate(Client* client, const std::string& /*operand*/) {
  v1::CreateTransferRequest request;
  request.set_debit_account(NameFlag(FLAGS_debit, "accounts"));
  request.set_credit_account(NameFlag(FLAGS_credit, "accounts"));
  request.set_reason_code(absl::GetFlag(FLAGS_reason));
  request.set_memo(absl::GetFlag(FLAGS_memo));
  return Mutate(client, &Ledger::CreateTransfer, request,
                SetNumber(FLAGS_amount, &request,
                          &v1::CreateTransferRequest::set_amount));
}

int TransferReverse(Client* client, const std::string& transfer) {
  v1::ReverseTransferRequest request;
  request.set_name(transfer);
  request.set_memo(absl::GetFlag(FLAGS_memo));
  request.set_request_id(RequestId());
  return client->Call(&Ledger::ReverseTransfer, request);
}

int Digest(Client* client, const std::string& sequence) {
  v1::GetDigestRequest request;
  uint64_t at = 0;
  if (!sequence.empty() && !absl::SimpleAtoi(sequence, &at)) {
    return UsageError("SEQUENCE must be a whole number");
  }
  request.set_at_sequence(at);
  return client->Call(&Ledger::GetDigest, request);
}

constexpr Command kCommands[] = {
    {"account", "open", "",
     "--kind=supermarket --display_name=NAME --unit=UNIT [--request_id=ID]",
     "open an account (a supermarket's)", kCallTimeout, AccountOpen},
    {"account", "get", "ACCOUNT", "", "show an account and its balance",
     kCallTimeout, Get<&Ledger::GetAccount>},
    {"account", "list", "",
     "[--unit=UNIT] [--page_size=N] [--page_token=T] [--all]",
     "list the accounts", kCallTimeout, AccountList},
    {"transfer", "create", "",
     "--debit=ACCOUNT --credit=ACCOUNT --amount=N --reason=CODE [--memo=TEXT] "
     "[--request_id=ID]",
     "move points from one account to another", kCallTimeout, TransferCreate},
    {"transfer", "get", "TRANSFER", "", "show a transfer", kCallTimeout,
     Get<&Ledger::GetTransfer>},
    {"transfer", "reverse", "TRANSFER", "[--memo=TEXT] [--request_id=ID]",
     "reverse a transfer in full", kCallTimeout, TransferReverse},
    {"history", "", "ACCOUNT", kPagingFlags,
     "list the transfers of an account, with its balance after each",
     kCallTimeout,
     ListOf<&Ledger::ListAccountHistory,
            &v1::ListAccountHistoryRequest::mutable_account>},
    {"digest", "", "[SEQUENCE]", "",
     "show the last sequence and head hash (at SEQUENCE if given)",
     kCallTimeout, Digest},
};

}  // namespace

absl::Span<const Command> LedgerCommands() { return kCommands; }

}  // namespace jiamei::cli
