#include "services/server/tls_credentials.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"
#include "storage/core/status_macros.h"

namespace jiamei::services {
namespace {

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using Certificate = std::unique_ptr<X509, decltype(&X509_free)>;
using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

constexpr char kBeginCertificate[] = "-----BEGIN CERTIFICATE-----";

// An encrypted key is refused instead of prompting for its passphrase.
int NoPassphrase(char*, int, int, void*) { return 0; }

absl::Status FileError(absl::string_view flag, const std::string& path,
                       absl::string_view problem) {
  // What OpenSSL left on this thread's error queue is ours, not gRPC's.
  ERR_clear_error();
  return absl::FailedPreconditionError(
      absl::StrCat("--", flag, " ", path, ": ", problem));
}

// The whole file, or why not.
absl::StatusOr<std::string> ReadPem(absl::string_view flag,
                                    const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return FileError(flag, path,
                     absl::StrCat("cannot read: ", std::strerror(errno)));
  }
  std::string text;
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0) {
    text.append(buffer, n);
  }
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) return FileError(flag, path, "cannot read");
  return text;
}

Bio MemoryBio(const std::string& text) {
  return Bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())),
             &BIO_free);
}

// The certificates in `text`, in order; FAILED_PRECONDITION unless it holds
// at least one and every PEM certificate block in it parses.
absl::StatusOr<std::vector<Certificate>> ParseCertificates(
    absl::string_view flag, const std::string& path, const std::string& text) {
  std::vector<Certificate> certificates;
  Bio bio = MemoryBio(text);
  while (X509* certificate =
             PEM_read_bio_X509(bio.get(), nullptr, NoPassphrase, nullptr)) {
    certificates.emplace_back(certificate, &X509_free);
  }
  ERR_clear_error();  // the end of the text reads as an error
  size_t blocks = 0;
  for (size_t at = text.find(kBeginCertificate); at != std::string::npos;
       at = text.find(kBeginCertificate, at + 1)) {
    ++blocks;
  }
  if (certificates.empty() || certificates.size() != blocks) {
    return FileError(flag, path,
                     certificates.empty()
                         ? "holds no PEM certificate"
                         : "holds a PEM certificate that does not parse");
  }
  return certificates;
}

// Checks that the server's certificate and key files belong together and
// the certificate is in force.
absl::Status CheckIdentity(const ListenSecurity& security) {
  ASSIGN_OR_RETURN(std::string chain, ReadPem("tls_cert", security.cert_file));
  ASSIGN_OR_RETURN(std::vector<Certificate> certificates,
                   ParseCertificates("tls_cert", security.cert_file, chain));
  ASSIGN_OR_RETURN(std::string key_text, ReadPem("tls_key", security.key_file));
  Bio bio = MemoryBio(key_text);
  Key key(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr),
          &EVP_PKEY_free);
  if (key == nullptr) {
    return FileError("tls_key", security.key_file,
                     "holds no PEM private key (or an encrypted one)");
  }
  X509* leaf = certificates.front().get();
  if (X509_check_private_key(leaf, key.get()) != 1) {
    return FileError("tls_key", security.key_file,
                     absl::StrCat("is not the key of the certificate in ",
                                  security.cert_file));
  }
  if (X509_cmp_current_time(X509_get0_notAfter(leaf)) < 0) {
    return FileError("tls_cert", security.cert_file,
                     "the certificate has expired");
  }
  return absl::OkStatus();
}

absl::Status CheckClientCa(const std::string& path) {
  ASSIGN_OR_RETURN(std::string bundle, ReadPem("tls_client_ca", path));
  return ParseCertificates("tls_client_ca", path, bundle).status();
}

// The flags that must go together.
absl::Status CheckCombination(const ListenSecurity& security) {
  if (security.cert_file.empty() != security.key_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_cert and --tls_key go together: give both or neither");
  }
  if (!security.client_ca_file.empty() && security.cert_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_client_ca needs --tls_cert and --tls_key");
  }
  if (security.reload_interval < absl::Seconds(1) ||
      security.reload_interval > absl::Hours(24)) {
    return absl::InvalidArgumentError(
        "--tls_reload_seconds must be 1 to 86400");
  }
  return absl::OkStatus();
}

std::shared_ptr<grpc::ServerCredentials> TlsCredentials(
    const ListenSecurity& security) {
  auto provider =
      std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
          security.key_file, security.cert_file, security.client_ca_file,
          static_cast<unsigned int>(
              absl::ToInt64Seconds(security.reload_interval)));
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (!security.client_ca_file.empty()) {
    options.watch_root_certs();
    options.set_cert_request_type(
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  }
  return grpc::experimental::TlsServerCredentials(options);
}

}  // namespace

bool IsLoopbackAddress(absl::string_view listen) {
  if (absl::StartsWith(listen, "unix:") ||
      absl::StartsWith(listen, "unix-abstract:")) {
    return true;
  }
  std::string host;
  if (absl::StartsWith(listen, "[")) {
    const size_t close = listen.find(']');
    if (close == absl::string_view::npos) return false;
    host = std::string(listen.substr(1, close - 1));
  } else {
    host = std::string(listen.substr(0, listen.rfind(':')));
  }
  if (absl::AsciiStrToLower(host) == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ListenCredentials(
    const ListenSecurity& security, absl::string_view listen) {
  RETURN_IF_ERROR(CheckCombination(security));
  if (security.cert_file.empty()) {
    if (!security.insecure_listen && !IsLoopbackAddress(listen)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "refusing to serve plaintext on ", listen,
          ", which other machines can reach: give --tls_cert and --tls_key "
          "(deploy/make-certs.sh makes them), listen on loopback, or accept "
          "the risk with --insecure_listen"));
    }
    return grpc::InsecureServerCredentials();
  }
  RETURN_IF_ERROR(CheckIdentity(security));
  if (!security.client_ca_file.empty()) {
    RETURN_IF_ERROR(CheckClientCa(security.client_ca_file));
  }
  return TlsCredentials(security);
}

std::string DescribeSecurity(const ListenSecurity& security) {
  if (security.cert_file.empty()) return "plaintext";
  const std::string files = absl::StrCat(
      "certificate ", security.cert_file, ", key ", security.key_file,
      "; files re-read every ", absl::FormatDuration(security.reload_interval));
  if (security.client_ca_file.empty()) return absl::StrCat("TLS (", files, ")");
  return absl::StrCat("mutual TLS (client certificates signed by ",
                      security.client_ca_file, " required; ", files, ")");
}

}  // namespace jiamei::services
