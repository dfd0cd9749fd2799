// How the server's port is secured: TLS from PEM files that are reloaded
// while it runs, optionally requiring client certificates (mutual TLS), and
// the rule that plaintext stays on loopback.
#ifndef JIAMEI_SERVICES_SERVER_TLS_CREDENTIALS_H_
#define JIAMEI_SERVICES_SERVER_TLS_CREDENTIALS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/security/server_credentials.h"

namespace jiamei::services {

struct ListenSecurity {
  // PEM files: the server's certificate chain and its private key. Both or
  // neither; neither means plaintext.
  std::string cert_file;
  std::string key_file;
  // PEM bundle of the CAs whose client certificates are accepted. If set,
  // a client without such a certificate is refused at the handshake.
  std::string client_ca_file;
  // How often the three files are read again (gRPC's file watcher): a
  // renewed certificate is served to new connections within this time.
  absl::Duration reload_interval = absl::Seconds(60);
  // Allows plaintext on an address reachable from other machines.
  bool insecure_listen = false;
};

// Whether `listen` (host:port, as --listen takes it) is reachable only from
// this machine: an IP literal in 127.0.0.0/8 or ::1 (also IPv4-mapped),
// "localhost", or a unix socket ("unix:PATH", "unix-abstract:NAME"). An
// empty host, 0.0.0.0, [::] and any other name are not.
bool IsLoopbackAddress(absl::string_view listen);

// Checks `security` and returns the credentials to listen on `listen` with:
// INVALID_ARGUMENT if the flags do not go together (a certificate without
// its key, a client CA without a certificate, a reload interval outside 1 s
// to 1 day); FAILED_PRECONDITION if a file cannot be read or parsed, the key
// is not the certificate's, the certificate has expired, or `listen` is
// beyond loopback without TLS and without insecure_listen. Messages name
// the flag and the file.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ListenCredentials(
    const ListenSecurity& security, absl::string_view listen);

// One line for the start-up log: "plaintext", "TLS (...)" or "mutual TLS
// (...)", naming the files and the reload interval.
std::string DescribeSecurity(const ListenSecurity& security);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_SERVER_TLS_CREDENTIALS_H_
