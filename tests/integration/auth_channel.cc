#include "tests/integration/auth_channel.h"

#include <chrono>
#include <map>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/support/client_interceptor.h"
#include "gtest/gtest.h"
#include "jiamei/v1/access.grpc.pb.h"

namespace jiamei::testing {
namespace {

class TokenInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit TokenInterceptor(std::string header) : header_(std::move(header)) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::
                PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->insert({"authorization", header_});
    }
    methods->Proceed();
  }

 private:
  std::string header_;
};

class TokenInterceptorFactory final
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit TokenInterceptorFactory(std::string token)
      : header_("Bearer " + std::move(token)) {}

  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new TokenInterceptor(header_);
  }

 private:
  std::string header_;
};

// What SetChannelSecurity said, by address.
class SecurityByAddress {
 public:
  void Set(const std::string& address,
           const clients::ChannelSecurity& security) {
    absl::MutexLock lock(&mu_);
    by_address_[address] = security;
  }
  void Forget(const std::string& address) {
    absl::MutexLock lock(&mu_);
    by_address_.erase(address);
  }
  clients::ChannelSecurity Of(const std::string& address) {
    absl::MutexLock lock(&mu_);
    auto found = by_address_.find(address);
    return found == by_address_.end() ? clients::ChannelSecurity{}
                                      : found->second;
  }

 private:
  absl::Mutex mu_;
  std::map<std::string, clients::ChannelSecurity> by_address_
      ABSL_GUARDED_BY(mu_);
};

SecurityByAddress& Securities() {
  static SecurityByAddress* const securities = new SecurityByAddress();
  return *securities;
}

}  // namespace

void SetChannelSecurity(const std::string& address,
                        const clients::ChannelSecurity& security) {
  Securities().Set(address, security);
}

void ForgetChannelSecurity(const std::string& address) {
  Securities().Forget(address);
}

clients::ChannelSecurity ChannelSecurityOf(const std::string& address) {
  return Securities().Of(address);
}

std::shared_ptr<grpc::ChannelCredentials> CredentialsFor(
    const std::string& address, grpc::ChannelArguments* args) {
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      clients::MakeChannelCredentials(ChannelSecurityOf(address), args);
  // The test's own files: unreadable ones are a broken test set-up, and a
  // channel that cannot connect makes every call fail saying so.
  if (!credentials.ok()) {
    ADD_FAILURE_AT(__FILE__, __LINE__) << credentials.status();
    return grpc::InsecureChannelCredentials();
  }
  return *credentials;
}

std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address) {
  grpc::ChannelArguments args;
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      CredentialsFor(address, &args);
  return grpc::CreateCustomChannel(address, credentials, args);
}

std::vector<std::string> TlsFlagsFor(const std::string& address) {
  const clients::ChannelSecurity security = ChannelSecurityOf(address);
  std::vector<std::string> flags;
  if (security.tls) flags.push_back("--tls");
  if (!security.ca_file.empty())
    flags.push_back("--tls_ca=" + security.ca_file);
  if (!security.cert_file.empty()) {
    flags.push_back("--tls_cert=" + security.cert_file);
    flags.push_back("--tls_key=" + security.key_file);
  }
  if (!security.server_name.empty()) {
    flags.push_back("--tls_server_name=" + security.server_name);
  }
  return flags;
}

std::shared_ptr<grpc::Channel> ChannelWithToken(const std::string& address,
                                                const std::string& token) {
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      factories;
  factories.push_back(std::make_unique<TokenInterceptorFactory>(token));
  grpc::ChannelArguments args;
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      CredentialsFor(address, &args);
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      address, credentials, args, std::move(factories));
}

absl::StatusOr<std::string> LogIn(const std::shared_ptr<grpc::Channel>& channel,
                                  const std::string& login,
                                  const std::string& password) {
  auto stub = v1::AccessService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  v1::LoginRequest request;
  request.set_login(login);
  request.set_password(password);
  v1::LoginResponse response;
  grpc::Status status = stub->Login(&context, request, &response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        status.error_message());
  }
  return response.token();
}

}  // namespace jiamei::testing
