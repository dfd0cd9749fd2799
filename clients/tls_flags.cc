#include "clients/tls_flags.h"

#include <cstdlib>

#include "absl/flags/flag.h"

ABSL_FLAG(bool, tls, false,
          "speak TLS, checking the server's certificate against the "
          "system's roots (implied by the other --tls flags)");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM file of the CA to trust instead of the system's roots, e.g. "
          "the county CA; default $JIAMEI_TLS_CA");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM file of this terminal's certificate, for a server that "
          "requires one; default $JIAMEI_TLS_CERT");
ABSL_FLAG(std::string, tls_key, "",
          "PEM file of its private key; default $JIAMEI_TLS_KEY");
ABSL_FLAG(std::string, tls_server_name, "",
          "the name the server's certificate must carry, if not the host "
          "of the address (e.g. when connecting to an IP address)");

namespace jiamei::clients {
namespace {

std::string FlagOrEnvironment(const std::string& flag, const char* variable) {
  if (!flag.empty()) return flag;
  const char* value = std::getenv(variable);
  return value != nullptr ? value : "";
}

}  // namespace

ChannelSecurity ChannelSecurityFromFlags() {
  ChannelSecurity security;
  security.tls = absl::GetFlag(FLAGS_tls);
  security.ca_file =
      FlagOrEnvironment(absl::GetFlag(FLAGS_tls_ca), "JIAMEI_TLS_CA");
  security.cert_file =
      FlagOrEnvironment(absl::GetFlag(FLAGS_tls_cert), "JIAMEI_TLS_CERT");
  security.key_file =
      FlagOrEnvironment(absl::GetFlag(FLAGS_tls_key), "JIAMEI_TLS_KEY");
  security.server_name = absl::GetFlag(FLAGS_tls_server_name);
  return security;
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> ChannelFromFlags(
    const std::string& target, grpc::ChannelArguments args) {
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      MakeChannelCredentials(ChannelSecurityFromFlags(), &args);
  if (!credentials.ok()) return credentials.status();
  return grpc::CreateCustomChannel(target, *credentials, args);
}

}  // namespace jiamei::clients
