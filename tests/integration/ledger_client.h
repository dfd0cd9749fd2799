// Shared steps of the integration tests: a typed client for the ledger and
// audit services whose calls return the status together with the answer,
// gMock matchers for statuses (code and ErrorInfo reason) and protos, and a
// fixture that starts a jiamei-server on a fresh data directory.
#ifndef JIAMEI_TESTS_INTEGRATION_LEDGER_CLIENT_H_
#define JIAMEI_TESTS_INTEGRATION_LEDGER_CLIENT_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "clients/status_text.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/rpc/error_details.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "jiamei/v1/audit.grpc.pb.h"
#include "jiamei/v1/ledger.grpc.pb.h"
#include "jiamei/v1/organization.grpc.pb.h"
#include "jiamei/v1/registry.grpc.pb.h"
#include "tests/integration/server_process.h"

namespace jiamei::testing {

using ::jiamei::clients::CodeName;
using ::jiamei::clients::Describe;
using ::jiamei::clients::ErrorInfoOf;
using ::jiamei::clients::ErrorReason;

// The status of a call together with its answer.
template <typename T>
struct Reply {
  grpc::Status status;
  T value;
  bool ok() const { return status.ok(); }
};

template <typename T>
void PrintTo(const Reply<T>& reply, std::ostream* os) {
  if (reply.ok()) {
    *os << "OK " << ::testing::PrintToString(reply.value);
  } else {
    *os << Describe(reply.status);
  }
}

// Calls `method` of any service's stub with a 30 s deadline.
template <typename Stub, typename Request, typename Response>
Reply<Response> Send(Stub* stub,
                     grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                  const Request&, Response*),
                     const Request& request) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
  Reply<Response> reply;
  reply.status = (stub->*method)(&context, request, &reply.value);
  return reply;
}

// Matches an OK Reply.
MATCHER(IsOk, negation ? "is not OK" : "is OK") { return arg.ok(); }

// Matches a Reply that failed with `code` and carries an ErrorInfo (domain
// jiamei.v1) with `reason`.
MATCHER_P2(FailsWith, code, reason,
           std::string(negation ? "does not fail" : "fails") + " with " +
               CodeName(code) + " " + std::string(reason)) {
  const grpc::Status& status = arg.status;
  std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  if (!status.ok() && !info.has_value()) {
    *result_listener << "without ErrorInfo";
  } else if (info.has_value() && info->domain() != "jiamei.v1") {
    *result_listener << "with ErrorInfo domain " << info->domain();
  }
  return status.error_code() == code && info.has_value() &&
         info->reason() == reason && info->domain() == "jiamei.v1";
}

// The ErrorInfo metadata of `reply`'s refusal, by key.
template <typename T>
std::map<std::string, std::string> MetadataOf(const Reply<T>& reply) {
  std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(reply.status);
  if (!info.has_value()) return {};
  return {info->metadata().begin(), info->metadata().end()};
}

// Matches a message equal to `expected`, field by field.
MATCHER_P(EqualsProto, expected,
          std::string(negation ? "differs from " : "equals ") +
              expected.ShortDebugString()) {
  std::string differences;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&differences);
  const bool equal = differencer.Compare(expected, arg);
  if (!equal) *result_listener << differences;
  return equal;
}

// A client of one server. Thread-safe. Every call has a deadline, so a
// server that hangs fails the test instead of stalling it.
class LedgerClient {
 public:
  explicit LedgerClient(std::shared_ptr<grpc::Channel> channel);

  // A request id no other request has used: a random prefix per client
  // (so clients made after a restart do not collide) and a counter.
  std::string NewRequestId();

  // Requests with a fresh request id, for tests to alter before sending.
  v1::CreateAccountRequest AccountRequest(v1::AccountKind kind,
                                          const std::string& display_name);
  v1::CreateTransferRequest TransferRequest(const std::string& debit,
                                            const std::string& credit,
                                            int64_t amount);
  v1::ReverseTransferRequest ReverseRequest(const std::string& transfer);

  // The RPCs, one to one.
  Reply<v1::Account> CreateAccount(const v1::CreateAccountRequest& request);
  Reply<v1::Account> GetAccount(const std::string& name);
  Reply<v1::ListAccountsResponse> ListAccounts(int32_t page_size,
                                               const std::string& page_token);
  Reply<v1::Transfer> CreateTransfer(const v1::CreateTransferRequest& request);
  Reply<v1::Transfer> GetTransfer(const std::string& name);
  Reply<v1::Transfer> ReverseTransfer(
      const v1::ReverseTransferRequest& request);
  Reply<v1::ListAccountHistoryResponse> ListAccountHistory(
      const std::string& account, int32_t page_size,
      const std::string& page_token);
  // The head, or with `at_sequence` the digest as of that entry.
  Reply<v1::Digest> GetDigest(uint64_t at_sequence = 0);
  Reply<v1::AuditReport> RunAudit();

  // Shorthands that send a fresh request. An issuance account comes with
  // a new county, a household account with a new household in the test
  // village, a supermarket account is opened in the test county.
  Reply<v1::Account> OpenAccount(v1::AccountKind kind,
                                 const std::string& display_name);
  Reply<v1::Unit> CreateUnit(v1::UnitLevel level,
                             const std::string& display_name,
                             const std::string& parent);
  // A county, township and village made on first use (3 ledger entries);
  // returns the village.
  const std::string& TestVillage();
  Reply<v1::Transfer> Transfer(const std::string& debit,
                               const std::string& credit, int64_t amount);
  Reply<v1::Transfer> Reverse(const std::string& transfer);

  // Steps that must succeed: on failure they record a test failure (with
  // the status) and return an empty value.
  std::string MustOpenAccount(v1::AccountKind kind,
                              const std::string& display_name);
  v1::Transfer MustTransfer(const std::string& debit, const std::string& credit,
                            int64_t amount);
  v1::Transfer MustReverse(const std::string& transfer);
  v1::Account MustGetAccount(const std::string& name);
  int64_t MustGetBalance(const std::string& account);
  v1::Digest MustGetDigest();
  v1::AuditReport MustRunAudit();
  // The whole history of `account`, newest first, following page tokens
  // `page_size` lines at a time.
  std::vector<v1::HistoryLine> MustListWholeHistory(const std::string& account,
                                                    int32_t page_size);
  // Every account, following page tokens `page_size` accounts at a time.
  std::vector<v1::Account> MustListAllAccounts(int32_t page_size);

  // Sends `request` (already serialized) to `method`, e.g.
  // "/jiamei.v1.LedgerService/CreateTransfer", bypassing the generated
  // stubs, so that bytes they would not produce can be sent.
  Reply<std::string> CallRaw(const std::string& method,
                             const std::string& request);
  // The services the server lists through gRPC server reflection.
  Reply<std::vector<std::string>> ListServicesByReflection();

 private:
  std::unique_ptr<grpc::ClientContext> NewContext() const;

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::LedgerService::Stub> ledger_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
  std::unique_ptr<v1::OrganizationService::Stub> org_;
  std::unique_ptr<v1::RegistryService::Stub> registry_;
  std::string county_;
  std::string village_;
  std::string request_id_prefix_;
  std::atomic<uint64_t> request_counter_{0};
};

// The accounts most tests need.
struct TypicalAccounts {
  std::string issuance;
  std::string household_a;
  std::string household_b;
  std::string supermarket;
};

// Starts a jiamei-server on a fresh data directory before each test.
class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override;
  // Points the client at the server again after it was restarted.
  void Reconnect();
  TypicalAccounts OpenTypicalAccounts();
  // Remembers the digest; ExpectNothingWritten compares the digest with it.
  void Mark();
  void ExpectNothingWritten();
  // Runs the audit: it must answer and find nothing wrong.
  void ExpectCleanAudit();

  TempDir data_dir_;
  ServerProcess server_{data_dir_.path()};
  std::unique_ptr<LedgerClient> client_;
  v1::Digest digest_;  // as of Mark()
};

}  // namespace jiamei::testing

#endif  // JIAMEI_TESTS_INTEGRATION_LEDGER_CLIENT_H_
