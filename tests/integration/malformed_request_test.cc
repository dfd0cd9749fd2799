// Bytes that are not a request: every RPC of every jiamei service answers
// them INVALID_ARGUMENT (reason MALFORMED_REQUEST) with a message saying
// so, with or without a token, writes nothing, and the server's log does
// not grow by a line per call.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "jiamei/v1/access.pb.h"
#include "jiamei/v1/activities.pb.h"
#include "jiamei/v1/audit.pb.h"
#include "jiamei/v1/cards.pb.h"
#include "jiamei/v1/ledger.pb.h"
#include "jiamei/v1/organization.pb.h"
#include "jiamei/v1/policy.pb.h"
#include "jiamei/v1/registry.pb.h"
#include "jiamei/v1/supermarket.pb.h"
#include "jiamei/v1/volunteers.pb.h"
#include "tests/integration/ledger_client.h"

namespace jiamei::testing {
namespace {

using ::testing::HasSubstr;

// "/jiamei.v1.Service/Method" of every RPC the server offers.
std::vector<std::string> EveryMethod() {
  const google::protobuf::FileDescriptor* files[] = {
      v1::LoginRequest::descriptor()->file(),
      v1::CreateActivityRequest::descriptor()->file(),
      v1::RunAuditRequest::descriptor()->file(),
      v1::IssueCardsRequest::descriptor()->file(),
      v1::CreateAccountRequest::descriptor()->file(),
      v1::CreateUnitRequest::descriptor()->file(),
      v1::SetUnitPolicyRequest::descriptor()->file(),
      v1::CreateHouseholdRequest::descriptor()->file(),
      v1::PublishRuleRequest::descriptor()->file(),
      v1::EnrollVolunteerRequest::descriptor()->file()};
  std::vector<std::string> methods;
  for (const google::protobuf::FileDescriptor* file : files) {
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        methods.push_back("/" + service->full_name() + "/" +
                          service->method(m)->name());
      }
    }
  }
  return methods;
}

// Bytes no message parses: a varint of eleven bytes, a length past the end,
// wire type 7, and an end-group tag without its start.
const std::vector<std::string>& Junk() {
  static const std::vector<std::string> junk = {
      std::string("\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 12),
      std::string("\x12\x10"
                  "abc",
                  5),
      std::string("\x0f\x01", 2), std::string("\x0c", 1)};
  return junk;
}

class MalformedRequestTest : public ServerTest {};

TEST_F(MalformedRequestTest, EveryMethodRefusesBytesThatDoNotParse) {
  const std::vector<std::string> methods = EveryMethod();
  ASSERT_GE(methods.size(), 100u);
  const v1::Digest digest = client_->MustGetDigest();
  LedgerClient stranger(server_.raw_channel());
  for (const std::string& method : methods) {
    for (LedgerClient* caller : {client_.get(), &stranger}) {
      for (const std::string& bytes : Junk()) {
        const Reply<std::string> reply = caller->CallRaw(method, bytes);
        EXPECT_THAT(reply, FailsWith(grpc::StatusCode::INVALID_ARGUMENT,
                                     "MALFORMED_REQUEST"))
            << method;
        EXPECT_THAT(reply.status.error_message(),
                    HasSubstr("not a valid message"))
            << method;
      }
    }
  }
  EXPECT_THAT(client_->MustGetDigest(), EqualsProto(digest));
}

TEST_F(MalformedRequestTest, InvalidUtf8InAStringFieldIsNamedInTheAnswer) {
  const std::string bytes = std::string("\x0a\x04\xff\xfe\xfd\xfc", 6);
  for (const std::string& method : EveryMethod()) {
    const std::string service = method.substr(1, method.find('/', 1) - 1);
    const google::protobuf::MethodDescriptor* descriptor =
        google::protobuf::DescriptorPool::generated_pool()
            ->FindServiceByName(service)
            ->FindMethodByName(method.substr(method.find('/', 1) + 1));
    const google::protobuf::FieldDescriptor* first =
        descriptor->input_type()->FindFieldByNumber(1);
    if (first == nullptr ||
        first->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
      continue;
    }
    const Reply<std::string> reply = client_->CallRaw(method, bytes);
    EXPECT_THAT(reply, FailsWith(grpc::StatusCode::INVALID_ARGUMENT,
                                 "MALFORMED_REQUEST"))
        << method;
    EXPECT_THAT(reply.status.error_message(), HasSubstr(first->full_name()))
        << method;
  }
}

TEST_F(MalformedRequestTest, AFloodOfJunkLeavesTheLogAlmostUnchanged) {
  LedgerClient stranger(server_.raw_channel());
  const std::string utf8 = std::string("\x0a\x04\xff\xfe\xfd\xfc", 6);
  const size_t before = server_.Stderr().size();
  for (int i = 0; i < 2000; ++i) {
    const std::string& bytes = i % 2 == 0 ? utf8 : Junk()[i % Junk().size()];
    ASSERT_FALSE(
        stranger.CallRaw("/jiamei.v1.LedgerService/CreateTransfer", bytes)
            .ok());
  }
  EXPECT_LE(server_.Stderr().size(), before + 1024) << server_.Stderr();
}

}  // namespace
}  // namespace jiamei::testing
