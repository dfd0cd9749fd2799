// Channels that log in and carry a bearer token on every call, the way an
// app or a desk terminal does.
#ifndef JIAMEI_TESTS_INTEGRATION_AUTH_CHANNEL_H_
#define JIAMEI_TESTS_INTEGRATION_AUTH_CHANNEL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"

namespace jiamei::testing {

// A channel to `address` whose every call carries
// "authorization: Bearer <token>".
std::shared_ptr<grpc::Channel> ChannelWithToken(const std::string& address,
                                                const std::string& token);

// Logs in over `channel`; the token, or why not.
absl::StatusOr<std::string> LogIn(const std::shared_ptr<grpc::Channel>& channel,
                                  const std::string& login,
                                  const std::string& password);

}  // namespace jiamei::testing

#endif  // JIAMEI_TESTS_INTEGRATION_AUTH_CHANNEL_H_
