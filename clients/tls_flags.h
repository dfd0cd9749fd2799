// The TLS flags the CLI and the bench share: --tls, --tls_ca, --tls_cert,
// --tls_key and --tls_server_name.
#ifndef JIAMEI_CLIENTS_TLS_FLAGS_H_
#define JIAMEI_CLIENTS_TLS_FLAGS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "clients/channel_security.h"
#include "grpcpp/grpcpp.h"

namespace jiamei::clients {

// The security the flags ask for. Each file flag defaults to its
// environment variable ($JIAMEI_TLS_CA, $JIAMEI_TLS_CERT, $JIAMEI_TLS_KEY),
// so that a desk terminal sets them once.
ChannelSecurity ChannelSecurityFromFlags();

// A channel to `target` secured as the flags say, with `args`; the
// credentials' errors (see MakeChannelCredentials) if the flags are wrong.
absl::StatusOr<std::shared_ptr<grpc::Channel>> ChannelFromFlags(
    const std::string& target, grpc::ChannelArguments args = {});

}  // namespace jiamei::clients

#endif  // JIAMEI_CLIENTS_TLS_FLAGS_H_
