// Channels that log in and carry a bearer token on every call, the way an
// app or a desk terminal does, speaking TLS to a server that does.
#ifndef JIAMEI_TESTS_INTEGRATION_AUTH_CHANNEL_H_
#define JIAMEI_TESTS_INTEGRATION_AUTH_CHANNEL_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/channel_security.h"
#include "grpcpp/grpcpp.h"

namespace jiamei::testing {

// How clients of this test process reach the server at `address`:
// ServerProcess sets it when its server starts (TLS trusting the test CA,
// with a terminal certificate under mutual TLS) and forgets it when the
// server stops. An address nobody set is reached in plaintext.
void SetChannelSecurity(const std::string& address,
                        const clients::ChannelSecurity& security);
void ForgetChannelSecurity(const std::string& address);
clients::ChannelSecurity ChannelSecurityOf(const std::string& address);

// The credentials to reach `address` with (see SetChannelSecurity), for
// tests that make their own channels; the channel arguments they need are
// added to `args`.
std::shared_ptr<grpc::ChannelCredentials> CredentialsFor(
    const std::string& address, grpc::ChannelArguments* args);

// A channel to `address` whose calls carry no token.
std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address);

// The CLI's or the bench's flags to reach `address` ("--tls_ca=...", and
// "--tls_cert=...", "--tls_key=..." under mutual TLS); none for plaintext.
std::vector<std::string> TlsFlagsFor(const std::string& address);

// A channel to `address` whose every call carries
// "authorization: Bearer <token>"; TLS if its server speaks it.
std::shared_ptr<grpc::Channel> ChannelWithToken(const std::string& address,
                                                const std::string& token);

// Logs in over `channel`; the token, or why not.
absl::StatusOr<std::string> LogIn(const std::shared_ptr<grpc::Channel>& channel,
                                  const std::string& login,
                                  const std::string& password);

}  // namespace jiamei::testing

#endif  // JIAMEI_TESTS_INTEGRATION_AUTH_CHANNEL_H_
