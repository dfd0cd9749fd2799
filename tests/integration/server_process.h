// Starts the real jiamei-server binary on a loopback port with a temporary
// data directory, for integration tests that talk to it over gRPC.
#ifndef JIAMEI_TESTS_INTEGRATION_SERVER_PROCESS_H_
#define JIAMEI_TESTS_INTEGRATION_SERVER_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

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

class ServerProcess {
 public:
  // The whole-system admin every test server is bootstrapped with.
  static constexpr char kAdminLogin[] = "admin";
  static constexpr char kAdminPassword[] = "test admin password";

  // Does not start anything yet.
  explicit ServerProcess(std::string data_dir,
                         std::vector<std::string> extra_flags = {});
  // Stops the server (SIGTERM) if it still runs.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Bootstraps the admin if the data directory has none, starts
  // jiamei-server --listen=127.0.0.1:0 --data_dir=... --port_file=...,
  // waits (up to 30 s) until the health check answers SERVING, and logs the
  // admin in.
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
  std::string data_dir_;
  std::vector<std::string> extra_flags_;
  TempDir scratch_;  // port file and captured stderr
  pid_t pid_ = -1;
  std::string address_;
  std::shared_ptr<grpc::Channel> channel_;
  std::shared_ptr<grpc::Channel> raw_channel_;
  std::string admin_token_;
};

}  // namespace jiamei::testing

#endif  // JIAMEI_TESTS_INTEGRATION_SERVER_PROCESS_H_
