#include "tests/integration/ledger_client.h"

#include <cstdio>
#include <random>
#include <utility>

#include "google/protobuf/unknown_field_set.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/generic/generic_stub.h"

namespace jiamei::testing {
namespace {

constexpr std::chrono::seconds kCallDeadline(10);
// No listing in these tests is longer than this many pages.
constexpr int kMaxPages = 10000;

grpc::ByteBuffer ToByteBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

bool FromByteBuffer(const grpc::ByteBuffer& buffer, std::string* bytes) {
  grpc::Slice slice;
  if (!buffer.DumpToSingleSlice(&slice).ok()) return false;
  bytes->assign(reinterpret_cast<const char*>(slice.begin()), slice.size());
  return true;
}

// The length-delimited fields numbered `number` of the message in `bytes`.
std::vector<std::string> LengthDelimitedFields(const std::string& bytes,
                                               int number) {
  google::protobuf::UnknownFieldSet fields;
  std::vector<std::string> values;
  if (!fields.ParseFromString(bytes)) return values;
  for (int i = 0; i < fields.field_count(); ++i) {
    const google::protobuf::UnknownField& field = fields.field(i);
    if (field.number() == number &&
        field.type() == google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED) {
      values.push_back(field.length_delimited());
    }
  }
  return values;
}

}  // namespace

LedgerClient::LedgerClient(std::shared_ptr<grpc::Channel> channel)
    : channel_(std::move(channel)),
      ledger_(v1::LedgerService::NewStub(channel_)),
      audit_(v1::AuditService::NewStub(channel_)),
      org_(v1::OrganizationService::NewStub(channel_)),
      registry_(v1::RegistryService::NewStub(channel_)) {
  std::random_device device;
  char prefix[16];
  std::snprintf(prefix, sizeof(prefix), "t%08x", device());
  request_id_prefix_ = prefix;
}

std::string LedgerClient::NewRequestId() {
  return request_id_prefix_ + "-" + std::to_string(++request_counter_);
}

std::unique_ptr<grpc::ClientContext> LedgerClient::NewContext() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kCallDeadline);
  return context;
}

v1::CreateAccountRequest LedgerClient::AccountRequest(
    v1::AccountKind kind, const std::string& display_name) {
  v1::CreateAccountRequest request;
  request.set_request_id(NewRequestId());
  request.set_kind(kind);
  request.set_display_name(display_name);
  TestVillage();
  request.set_unit(county_);
  return request;
}

v1::CreateTransferRequest LedgerClient::TransferRequest(
    const std::string& debit, const std::string& credit, int64_t amount) {
  v1::CreateTransferRequest request;
  request.set_request_id(NewRequestId());
  request.set_debit_account(debit);
  request.set_credit_account(credit);
  request.set_amount(amount);
  request.set_reason_code("AWARD");
  return request;
}

v1::ReverseTransferRequest LedgerClient::ReverseRequest(
    const std::string& transfer) {
  v1::ReverseTransferRequest request;
  request.set_request_id(NewRequestId());
  request.set_name(transfer);
  return request;
}

Reply<v1::Account> LedgerClient::CreateAccount(
    const v1::CreateAccountRequest& request) {
  Reply<v1::Account> reply;
  reply.status =
      ledger_->CreateAccount(NewContext().get(), request, &reply.value);
  return reply;
}

Reply<v1::Account> LedgerClient::GetAccount(const std::string& name) {
  v1::GetAccountRequest request;
  request.set_name(name);
  Reply<v1::Account> reply;
  reply.status = ledger_->GetAccount(NewContext().get(), request, &reply.value);
  return reply;
}

Reply<v1::ListAccountsResponse> LedgerClient::ListAccounts(
    int32_t page_size, const std::string& page_token) {
  v1::ListAccountsRequest request;
  request.set_page_size(page_size);
  request.set_page_token(page_token);
  Reply<v1::ListAccountsResponse> reply;
  reply.status =
      ledger_->ListAccounts(NewContext().get(), request, &reply.value);
  return reply;
}

Reply<v1::Transfer> LedgerClient::CreateTransfer(
    const v1::CreateTransferRequest& request) {
  Reply<v1::Transfer> reply;
  reply.status =
      ledger_->CreateTransfer(NewContext().get(), request, &reply.value);
  return reply;
}

Reply<v1::Transfer> LedgerClient::GetTransfer(const std::string& name) {
  v1::GetTransferRequest request;
  request.set_name(name);
  Reply<v1::Transfer> reply;
  reply.status =
      ledger_->GetTransfer(NewContext().get(), request, &reply.value);
  return reply;
}

Reply<v1::Transfer> LedgerClient::ReverseTransfer(
    const v1::ReverseTransferRequest& request) {
  Reply<v1::Transfer> reply;
  reply.status =
      ledger_->ReverseTransfer(NewContext().get(), request, &reply.value);
  return reply;
}

Reply<v1::ListAccountHistoryResponse> LedgerClient::ListAccountHistory(
    const std::string& account, int32_t page_size,
    const std::string& page_token) {
  v1::ListAccountHistoryRequest request;
  request.set_account(account);
  request.set_page_size(page_size);
  request.set_page_token(page_token);
  Reply<v1::ListAccountHistoryResponse> reply;
  reply.status =
      ledger_->ListAccountHistory(NewContext().get(), request, &reply.value);
  return reply;
}

Reply<v1::Digest> LedgerClient::GetDigest(uint64_t at_sequence) {
  v1::GetDigestRequest request;
  request.set_at_sequence(at_sequence);
  Reply<v1::Digest> reply;
  reply.status = ledger_->GetDigest(NewContext().get(), request, &reply.value);
  return reply;
}

Reply<v1::AuditReport> LedgerClient::RunAudit() {
  Reply<v1::AuditReport> reply;
  reply.status =
      audit_->RunAudit(NewContext().get(), v1::RunAuditRequest(), &reply.value);
  return reply;
}

Reply<v1::Unit> LedgerClient::CreateUnit(v1::UnitLevel level,
                                         const std::string& display_name,
                                         const std::string& parent) {
  v1::CreateUnitRequest request;
  request.set_request_id(NewRequestId());
  request.mutable_unit()->set_code(NewRequestId());
  request.mutable_unit()->set_display_name(display_name);
  request.mutable_unit()->set_level(level);
  request.mutable_unit()->set_parent(parent);
  Reply<v1::Unit> reply;
  reply.status = org_->CreateUnit(NewContext().get(), request, &reply.value);
  return reply;
}

const std::string& LedgerClient::TestVillage() {
  if (village_.empty()) {
    county_ = CreateUnit(v1::UNIT_LEVEL_COUNTY, "Test county", "").value.name();
    const std::string township =
        CreateUnit(v1::UNIT_LEVEL_TOWNSHIP, "Test township", county_)
            .value.name();
    village_ = CreateUnit(v1::UNIT_LEVEL_VILLAGE, "Test village", township)
                   .value.name();
  }
  return village_;
}

// Accounts open with what owns them: a unit its issuance account, a
// household its points account; only supermarkets open on their own.
Reply<v1::Account> LedgerClient::OpenAccount(v1::AccountKind kind,
                                             const std::string& display_name) {
  std::string account;
  if (kind == v1::ACCOUNT_KIND_ISSUANCE) {
    Reply<v1::Unit> unit = CreateUnit(v1::UNIT_LEVEL_COUNTY, display_name, "");
    if (!unit.ok()) return {unit.status, {}};
    account = unit.value.issuance_account();
  } else if (kind == v1::ACCOUNT_KIND_HOUSEHOLD) {
    v1::CreateHouseholdRequest request;
    request.set_request_id(NewRequestId());
    request.mutable_household()->set_village(TestVillage());
    request.mutable_household()->set_number(NewRequestId());
    request.mutable_household()->set_address("1 Test road");
    request.mutable_head()->set_full_name(display_name);
    Reply<v1::Household> household;
    household.status = registry_->CreateHousehold(NewContext().get(), request,
                                                  &household.value);
    if (!household.ok()) return {household.status, {}};
    account = household.value.account();
  } else {
    return CreateAccount(AccountRequest(kind, display_name));
  }
  return GetAccount(account);
}

Reply<v1::Transfer> LedgerClient::Transfer(const std::string& debit,
                                           const std::string& credit,
                                           int64_t amount) {
  return CreateTransfer(TransferRequest(debit, credit, amount));
}

Reply<v1::Transfer> LedgerClient::Reverse(const std::string& transfer) {
  return ReverseTransfer(ReverseRequest(transfer));
}

std::string LedgerClient::MustOpenAccount(v1::AccountKind kind,
                                          const std::string& display_name) {
  Reply<v1::Account> reply = OpenAccount(kind, display_name);
  EXPECT_THAT(reply, IsOk()) << "opening account " << display_name;
  return reply.value.name();
}

v1::Transfer LedgerClient::MustTransfer(const std::string& debit,
                                        const std::string& credit,
                                        int64_t amount) {
  Reply<v1::Transfer> reply = Transfer(debit, credit, amount);
  EXPECT_THAT(reply, IsOk())
      << "moving " << amount << " from " << debit << " to " << credit;
  return reply.value;
}

v1::Transfer LedgerClient::MustReverse(const std::string& transfer) {
  Reply<v1::Transfer> reply = Reverse(transfer);
  EXPECT_THAT(reply, IsOk()) << "reversing " << transfer;
  return reply.value;
}

v1::Account LedgerClient::MustGetAccount(const std::string& name) {
  Reply<v1::Account> reply = GetAccount(name);
  EXPECT_THAT(reply, IsOk()) << "getting " << name;
  return reply.value;
}

int64_t LedgerClient::MustGetBalance(const std::string& account) {
  return MustGetAccount(account).balance();
}

v1::Digest LedgerClient::MustGetDigest() {
  Reply<v1::Digest> reply = GetDigest();
  EXPECT_THAT(reply, IsOk()) << "getting the digest";
  return reply.value;
}

v1::AuditReport LedgerClient::MustRunAudit() {
  Reply<v1::AuditReport> reply = RunAudit();
  EXPECT_THAT(reply, IsOk()) << "running the audit";
  return reply.value;
}

std::vector<v1::HistoryLine> LedgerClient::MustListWholeHistory(
    const std::string& account, int32_t page_size) {
  std::vector<v1::HistoryLine> lines;
  std::string token;
  for (int page = 0; page < kMaxPages; ++page) {
    Reply<v1::ListAccountHistoryResponse> reply =
        ListAccountHistory(account, page_size, token);
    EXPECT_THAT(reply, IsOk()) << "listing page " << page << " of " << account;
    if (!reply.ok()) return lines;
    lines.insert(lines.end(), reply.value.lines().begin(),
                 reply.value.lines().end());
    token = reply.value.next_page_token();
    if (token.empty()) return lines;
  }
  ADD_FAILURE() << "the history of " << account << " never ends";
  return lines;
}

std::vector<v1::Account> LedgerClient::MustListAllAccounts(int32_t page_size) {
  std::vector<v1::Account> accounts;
  std::string token;
  for (int page = 0; page < kMaxPages; ++page) {
    Reply<v1::ListAccountsResponse> reply = ListAccounts(page_size, token);
    EXPECT_THAT(reply, IsOk()) << "listing page " << page << " of accounts";
    if (!reply.ok()) return accounts;
    accounts.insert(accounts.end(), reply.value.accounts().begin(),
                    reply.value.accounts().end());
    token = reply.value.next_page_token();
    if (token.empty()) return accounts;
  }
  ADD_FAILURE() << "the list of accounts never ends";
  return accounts;
}

Reply<std::string> LedgerClient::CallRaw(const std::string& method,
                                         const std::string& request) {
  grpc::GenericStub stub(channel_);
  grpc::CompletionQueue queue;
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> call =
      stub.PrepareUnaryCall(context.get(), method, ToByteBuffer(request),
                            &queue);
  call->StartCall();
  grpc::ByteBuffer answer;
  Reply<std::string> reply;
  call->Finish(&answer, &reply.status, nullptr);
  void* tag = nullptr;
  bool ok = false;
  queue.Next(&tag, &ok);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  if (reply.ok() && !FromByteBuffer(answer, &reply.value)) {
    reply.status =
        grpc::Status(grpc::StatusCode::INTERNAL, "unreadable answer");
  }
  return reply;
}

Reply<std::vector<std::string>> LedgerClient::ListServicesByReflection() {
  // grpc.reflection.v1alpha.ServerReflectionRequest{list_services: ""},
  // written by hand: Debian ships the reflection library without its
  // generated headers.
  const std::string request("\x3a\x00", 2);
  constexpr int kListServicesResponse = 6;  // in ServerReflectionResponse
  constexpr int kService = 1;               // in ListServiceResponse
  constexpr int kName = 1;                  // in ServiceResponse

  grpc::GenericStub stub(channel_);
  grpc::CompletionQueue queue;
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      stub.PrepareCall(context.get(),
                       "/grpc.reflection.v1alpha.ServerReflection/"
                       "ServerReflectionInfo",
                       &queue);
  // Each step completes before the next starts, so one tag will do.
  auto wait = [&queue] {
    void* tag = nullptr;
    bool ok = false;
    return queue.Next(&tag, &ok) && ok;
  };
  Reply<std::vector<std::string>> reply;
  grpc::ByteBuffer answer;
  call->StartCall(nullptr);
  bool streaming = wait();
  if (streaming) {
    call->Write(ToByteBuffer(request), nullptr);
    streaming = wait();
  }
  if (streaming) {
    call->WritesDone(nullptr);
    streaming = wait();
  }
  if (streaming) {
    call->Read(&answer, nullptr);
    streaming = wait();
  }
  call->Finish(&reply.status, nullptr);
  wait();
  queue.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue.Next(&tag, &ok)) {
  }
  if (!reply.status.ok()) return reply;
  std::string bytes;
  if (!streaming || !FromByteBuffer(answer, &bytes)) {
    reply.status = grpc::Status(grpc::StatusCode::INTERNAL, "no answer");
    return reply;
  }
  for (const std::string& list :
       LengthDelimitedFields(bytes, kListServicesResponse)) {
    for (const std::string& service : LengthDelimitedFields(list, kService)) {
      for (const std::string& name : LengthDelimitedFields(service, kName)) {
        reply.value.push_back(name);
      }
    }
  }
  return reply;
}

void ServerTest::SetUp() {
  std::string error;
  ASSERT_TRUE(server_.Start(&error)) << error;
  Reconnect();
}

void ServerTest::Reconnect() {
  client_ = std::make_unique<LedgerClient>(server_.channel());
}

TypicalAccounts ServerTest::OpenTypicalAccounts() {
  TypicalAccounts accounts;
  accounts.issuance =
      client_->MustOpenAccount(v1::ACCOUNT_KIND_ISSUANCE, "Village fund");
  accounts.household_a =
      client_->MustOpenAccount(v1::ACCOUNT_KIND_HOUSEHOLD, "Household Wang");
  accounts.household_b =
      client_->MustOpenAccount(v1::ACCOUNT_KIND_HOUSEHOLD, "Household Li");
  accounts.supermarket =
      client_->MustOpenAccount(v1::ACCOUNT_KIND_SUPERMARKET, "Points shop");
  return accounts;
}

void ServerTest::Mark() { digest_ = client_->MustGetDigest(); }

void ServerTest::ExpectNothingWritten() {
  EXPECT_THAT(client_->MustGetDigest(), EqualsProto(digest_));
}

void ServerTest::ExpectCleanAudit() {
  const v1::AuditReport report = client_->MustRunAudit();
  EXPECT_TRUE(report.clean()) << report.DebugString();
}

}  // namespace jiamei::testing
