// Starts the real jiamei-server binary on a loopback port with a temporary
// data directory, for integration tests that talk to it over gRPC; by
// default over TLS, with certificates made by deploy/make-certs.sh.
// Whenever a server (or a program RunToCompletion ran) is found stopped,
// a sanitizer report in its output (ASan, LSan, UBSan: deploy/test.sh
// --sanitize) is a failure of the test that started it.
#ifndef JIAMEI_TESTS_INTEGRATION_SERVER_PROCESS_H_
#define JIAMEI_TESTS_INTEGRATION_SERVER_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "clients/channel_security.h"
#include "grpcpp/grpcpp.h"

namespace jiamei::testing {

// A fresh temporary directory, removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs `argv` (argv[0] is the program's path) with `stdin_text` on its
// standard input to completion (up to 30 s, then SIGKILL) and returns its
// exit status, -1 if it did not exit by itself; its stdout and stderr go to
// `output`.
int RunToCompletion(const std::vector<std::string>& argv, std::string* output,
                    const std::string& stdin_text = "");

// A county CA, a server certificate for localhost and 127.0.0.1 and
// terminal certificates, made by deploy/make-certs.sh in a fresh folder
// (removed with it).
class TestPki {
 public:
  // Runs the script with `flags` (e.g. "--terminals=2"); nullptr, with its
  // output in `error`, if it failed.
  static std::unique_ptr<TestPki> Make(const std::vector<std::string>& flags,
                                       std::string* error);
  // The one every TLS ServerProcess shares unless given another: one
  // terminal certificate. Made on first use; a test failure if it cannot
  // be.
  static const TestPki& Shared();

  const std::string& dir() const { return dir_.path(); }
  std::string ca() const { return dir() + "/ca.pem"; }
  std::string server_cert() const { return dir() + "/server.pem"; }
  std::string server_key() const { return dir() + "/server.key"; }
  // Terminal `n`'s certificate and key (n from 1).
  std::string terminal_cert(int n) const;
  std::string terminal_key(int n) const;
  // Runs the script again on this folder with `flags` (e.g. "--renew");
  // false, with its output in `error`, if it failed.
  bool Rerun(const std::vector<std::string>& flags, std::string* error) const;

 private:
  TestPki() = default;
  TempDir dir_;
};

// How a test server's port is secured. Under kTls and kMutualTls the
// server gets --tls_cert/--tls_key (and --tls_client_ca=ca.pem) of its
// TestPki, and the test's channels trust its CA (and present terminal 1's
// certificate).
enum class Transport { kPlaintext, kTls, kMutualTls };

class ServerProcess {
 public:
  // The whole-system admin every test server is bootstrapped with.
  static constexpr char kAdminLogin[] = "admin";
  static constexpr char kAdminPassword[] = "test admin password";

  // Does not start anything yet. `extra_flags` come after the harness's
  // own, so they win (a flag's last value counts). `pki` must outlive the
  // server; nullptr means TestPki::Shared().
  explicit ServerProcess(std::string data_dir,
                         std::vector<std::string> extra_flags = {},
                         Transport transport = Transport::kTls,
                         const TestPki* pki = nullptr);
  // Stops the server (SIGTERM) if it still runs.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Bootstraps the admin if the data directory has none, starts
  // jiamei-server --listen=127.0.0.1:0 --data_dir=... --port_file=...
  // (and the TLS flags of its Transport), waits (up to 30 s) until the
  // health check answers SERVING, and logs the admin in. Clients of this
  // process then reach address() as the server wants (SetChannelSecurity).
  // Returns false, with the server's stderr in `error`, if it did not.
  bool Start(std::string* error = nullptr);
  // SIGTERM, then waits for exit; returns the exit status (WEXITSTATUS) or
  // -1 if the process died from a signal.
  int Stop();
  // SIGKILL, then reaps the process.
  void Kill();

  // "127.0.0.1:PORT" of the running server.
  const std::string& address() const { return address_; }
  // A channel whose calls carry the admin's token.
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  // A channel whose calls carry no token.
  std::shared_ptr<grpc::Channel> raw_channel() const { return raw_channel_; }
  // The TLS flags the CLI or the bench needs to reach this server.
  std::vector<std::string> ClientTlsFlags() const;
  const std::string& admin_token() const { return admin_token_; }
  // Everything the server wrote to stderr so far.
  std::string Stderr() const;

  // Runs jiamei-server with `flags` (no defaults added) and `stdin_text` on
  // its standard input to completion and returns its exit status; its
  // stderr goes to `stderr_text`.
  static int RunToExit(const std::vector<std::string>& flags,
                       std::string* stderr_text,
                       const std::string& stdin_text = "");

 private:
  // The server's TLS flags and how clients reach it.
  std::vector<std::string> TlsFlags() const;
  clients::ChannelSecurity ClientSecurity() const;
  // Forgets the address's security once the server is gone.
  void Stopped();

  std::string data_dir_;
  std::vector<std::string> extra_flags_;
  Transport transport_;
  const TestPki* pki_;
  TempDir scratch_;  // port file and captured stderr
  pid_t pid_ = -1;
  std::string address_;
  std::shared_ptr<grpc::Channel> channel_;
  std::shared_ptr<grpc::Channel> raw_channel_;
  std::string admin_token_;
};

}  // namespace jiamei::testing

#endif  // JIAMEI_TESTS_INTEGRATION_SERVER_PROCESS_H_
