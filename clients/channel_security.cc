#include "clients/channel_security.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace jiamei::clients {
namespace {

// The file at `path`, which must hold a PEM block whose label ends in
// `label` ("CERTIFICATE", "PRIVATE KEY"); `flag` names it in errors.
absl::StatusOr<std::string> ReadPem(absl::string_view flag,
                                    const std::string& path,
                                    absl::string_view label) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--", flag, " ", path, ": cannot read: ", std::strerror(errno)));
  }
  std::ostringstream text;
  text << file.rdbuf();
  std::string pem = text.str();
  if (!absl::StrContains(pem, absl::StrCat(label, "-----")) ||
      !absl::StrContains(pem, "-----BEGIN ")) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, " ", path, ": holds no PEM ", label));
  }
  return pem;
}

}  // namespace

bool WantsTls(const ChannelSecurity& security) {
  return security.tls || !security.ca_file.empty() ||
         !security.cert_file.empty() || !security.key_file.empty() ||
         !security.server_name.empty();
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>>
MakeChannelCredentials(const ChannelSecurity& security,
                       grpc::ChannelArguments* args) {
  if (!WantsTls(security)) return grpc::InsecureChannelCredentials();
  if (security.cert_file.empty() != security.key_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_cert and --tls_key go together: give both or neither");
  }
  grpc::SslCredentialsOptions options;
  // Empty roots: gRPC reads the system's (/etc/ssl/certs on Debian).
  if (!security.ca_file.empty()) {
    absl::StatusOr<std::string> roots =
        ReadPem("tls_ca", security.ca_file, "CERTIFICATE");
    if (!roots.ok()) return roots.status();
    options.pem_root_certs = *std::move(roots);
  }
  if (!security.cert_file.empty()) {
    absl::StatusOr<std::string> chain =
        ReadPem("tls_cert", security.cert_file, "CERTIFICATE");
    if (!chain.ok()) return chain.status();
    absl::StatusOr<std::string> key =
        ReadPem("tls_key", security.key_file, "PRIVATE KEY");
    if (!key.ok()) return key.status();
    options.pem_cert_chain = *std::move(chain);
    options.pem_private_key = *std::move(key);
  }
  if (!security.server_name.empty()) {
    args->SetSslTargetNameOverride(security.server_name);
  }
  return grpc::SslCredentials(options);
}

}  // namespace jiamei::clients
