// How a client (the CLI, the bench, the tests) reaches the server:
// plaintext, or TLS checking the server's certificate against the system's
// roots or a given CA, with a certificate of its own for mutual TLS.
#ifndef JIAMEI_CLIENTS_CHANNEL_SECURITY_H_
#define JIAMEI_CLIENTS_CHANNEL_SECURITY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"

namespace jiamei::clients {

struct ChannelSecurity {
  // TLS, trusting the system's roots unless ca_file is set.
  bool tls = false;
  // PEM bundle of the CAs to trust instead of the system's roots.
  std::string ca_file;
  // PEM files of this terminal's certificate and key, for a server that
  // requires client certificates. Both or neither.
  std::string cert_file;
  std::string key_file;
  // The name the server's certificate must carry, instead of the target's
  // host (useful when the target is an IP address the certificate lacks).
  std::string server_name;
};

// Whether `security` asks for TLS: tls, or any TLS file or name set.
bool WantsTls(const ChannelSecurity& security);

// The credentials for `security`, and the channel argument of
// server_name added to `args`. INVALID_ARGUMENT naming the flag and the
// file if a file cannot be read or holds no PEM block of its kind, or the
// certificate comes without its key.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>>
MakeChannelCredentials(const ChannelSecurity& security,
                       grpc::ChannelArguments* args);

}  // namespace jiamei::clients

#endif  // JIAMEI_CLIENTS_CHANNEL_SECURITY_H_
