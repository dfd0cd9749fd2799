#include "tests/integration/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <thread>
#include <utility>

#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/auth_channel.h"

namespace jiamei::testing {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::seconds kStartTimeout(30);
constexpr std::chrono::seconds kExitTimeout(30);
constexpr std::chrono::milliseconds kPollInterval(10);

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Starts `argv[0]` with `argv`, its stdout and stderr appended to
// `output_path` and its stdin read from `input_path` (/dev/null if empty).
// Returns the pid, or -1 with `error` set.
pid_t Spawn(const std::vector<std::string>& argv,
            const std::string& output_path, std::string* error,
            const std::string& input_path = "") {
  // Everything the child needs is prepared before fork: between fork and
  // exec a multi-threaded process may only make async-signal-safe calls.
  std::vector<char*> args;
  for (const std::string& arg : argv) {
    args.push_back(const_cast<char*>(arg.c_str()));
  }
  args.push_back(nullptr);
  const int output = open(output_path.c_str(),
                          O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (output < 0) {
    *error = "cannot open " + output_path + ": " + std::strerror(errno);
    return -1;
  }
  const int input = open(input_path.empty() ? "/dev/null" : input_path.c_str(),
                         O_RDONLY | O_CLOEXEC);
  if (input < 0) {
    *error = "cannot open " + input_path + ": " + std::strerror(errno);
    close(output);
    return -1;
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    // Die with the test (say, when ctest kills it on a timeout) rather than
    // linger holding the data directory. This follows the forking thread,
    // so servers are started from the test's main thread.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(input, STDIN_FILENO);
    dup2(output, STDOUT_FILENO);
    dup2(output, STDERR_FILENO);
    // Leave the test's own descriptors (sockets, RocksDB files) behind.
    syscall(SYS_close_range, 3U, ~0U, 0U);
    execv(args[0], args.data());
    static const char kExecFailed[] = "execv of the server binary failed\n";
    (void)!write(STDERR_FILENO, kExecFailed, sizeof(kExecFailed) - 1);
    _exit(127);
  }
  const int fork_errno = errno;
  close(output);
  close(input);
  if (pid < 0) {
    *error = std::string("fork failed: ") + std::strerror(fork_errno);
    return -1;
  }
  return pid;
}

// Waits up to `timeout` for `pid` to exit; the wait status, or nullopt.
//
// While it waits it polls `channel`, if given: a stopping server says
// GOAWAY and waits for the client's answer, and a gRPC client with no call
// in progress only answers when some thread polls (otherwise its backup
// poller does, every 5 s).
std::optional<int> WaitForExit(pid_t pid, std::chrono::milliseconds timeout,
                               grpc::Channel* channel = nullptr) {
  const Clock::time_point deadline = Clock::now() + timeout;
  while (true) {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return status;
    if (done < 0 && errno != EINTR) return std::nullopt;
    if (Clock::now() >= deadline) return std::nullopt;
    if (channel != nullptr) {
      channel->WaitForStateChange(
          channel->GetState(false),
          std::chrono::system_clock::now() + kPollInterval);
    } else {
      std::this_thread::sleep_for(kPollInterval);
    }
  }
}

std::string DescribeExit(int status) {
  if (WIFEXITED(status)) {
    return "exited with status " + std::to_string(WEXITSTATUS(status));
  }
  if (WIFSIGNALED(status)) {
    return "died from signal " + std::to_string(WTERMSIG(status));
  }
  return "stopped";
}

int ExitCode(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Reads the port from a complete port file ("PORT\n"), or 0.
int ReadPort(const std::string& path) {
  const std::string text = ReadFile(path);
  if (text.empty() || text.back() != '\n') return 0;
  const char* end = text.data() + text.size() - 1;
  int port = 0;
  const std::from_chars_result parsed = std::from_chars(text.data(), end, port);
  if (parsed.ec != std::errc() || parsed.ptr != end || port <= 0 ||
      port > 65535) {
    return 0;
  }
  return port;
}

bool IsServing(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(1));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  return stub->Check(&context, request, &response).ok() &&
         response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

// The first line of a sanitizer's report (AddressSanitizer, LeakSanitizer,
// UndefinedBehaviorSanitizer) in a child's `output`, or "".
std::string SanitizerReport(const std::string& output) {
  for (const char* marker :
       {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
        ": runtime error: ", "SUMMARY: UndefinedBehaviorSanitizer"}) {
    const size_t at = output.find(marker);
    if (at == std::string::npos) continue;
    const size_t begin = output.rfind('\n', at);
    const size_t start = begin == std::string::npos ? 0 : begin + 1;
    return output.substr(start, output.find('\n', at) - start);
  }
  return "";
}

// A test failure naming `who` if `output` holds a sanitizer's report: in a
// sanitized build (deploy/test.sh --sanitize) a child that finds a memory
// or undefined-behaviour error fails the test that started it, whatever the
// test checks.
void FailOnSanitizerReport(const std::string& who, const std::string& output) {
  const std::string report = SanitizerReport(output);
  if (!report.empty()) {
    ADD_FAILURE() << who << " reported: " << report << "\nits output:\n"
                  << output;
  }
}

}  // namespace

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base != nullptr && *base != '\0' ? base : "/tmp") +
      "/jiamei-test-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(),
                            "mkdtemp " + pattern);
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

int RunToCompletion(const std::vector<std::string>& argv, std::string* output,
                    const std::string& stdin_text) {
  TempDir scratch;
  const std::string output_path = scratch.path() + "/output";
  const std::string input_path = scratch.path() + "/stdin";
  std::ofstream(input_path) << stdin_text;
  std::string error;
  const pid_t pid = Spawn(argv, output_path, &error, input_path);
  if (pid < 0) {
    if (output != nullptr) *output = error;
    return -1;
  }
  std::optional<int> status = WaitForExit(pid, kExitTimeout);
  if (!status.has_value()) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
  const std::string text = ReadFile(output_path);
  FailOnSanitizerReport(argv[0], text);
  if (output != nullptr) {
    *output = text;
    if (!status.has_value()) *output += "\n[still running; killed]";
  }
  return status.has_value() ? ExitCode(*status) : -1;
}

std::unique_ptr<TestPki> TestPki::Make(const std::vector<std::string>& flags,
                                       std::string* error) {
  std::unique_ptr<TestPki> pki(new TestPki());
  if (!pki->Rerun(flags, error)) return nullptr;
  return pki;
}

const TestPki& TestPki::Shared() {
  // Destroyed at exit, which removes its folder.
  static const std::unique_ptr<TestPki> shared = [] {
    std::string error;
    std::unique_ptr<TestPki> pki = Make({"--terminals=1"}, &error);
    if (pki == nullptr) {
      ADD_FAILURE() << "deploy/make-certs.sh failed: " << error;
      pki.reset(new TestPki());  // empty: TLS servers then refuse to start
    }
    return pki;
  }();
  return *shared;
}

std::string TestPki::terminal_cert(int n) const {
  return dir() + "/terminal-" + std::to_string(n) + ".pem";
}

std::string TestPki::terminal_key(int n) const {
  return dir() + "/terminal-" + std::to_string(n) + ".key";
}

bool TestPki::Rerun(const std::vector<std::string>& flags,
                    std::string* error) const {
  std::vector<std::string> argv = {"/bin/bash", JIAMEI_MAKE_CERTS};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.push_back(dir());
  std::string output;
  const bool ok = RunToCompletion(argv, &output) == 0;
  if (!ok && error != nullptr) *error = output;
  return ok;
}

ServerProcess::ServerProcess(std::string data_dir,
                             std::vector<std::string> extra_flags,
                             Transport transport, const TestPki* pki)
    : data_dir_(std::move(data_dir)),
      extra_flags_(std::move(extra_flags)),
      transport_(transport),
      pki_(pki) {
  if (pki_ == nullptr && transport_ != Transport::kPlaintext) {
    pki_ = &TestPki::Shared();
  }
}

std::vector<std::string> ServerProcess::TlsFlags() const {
  if (transport_ == Transport::kPlaintext) return {};
  std::vector<std::string> flags = {"--tls_cert=" + pki_->server_cert(),
                                    "--tls_key=" + pki_->server_key()};
  if (transport_ == Transport::kMutualTls) {
    flags.push_back("--tls_client_ca=" + pki_->ca());
  }
  return flags;
}

clients::ChannelSecurity ServerProcess::ClientSecurity() const {
  clients::ChannelSecurity security;
  if (transport_ == Transport::kPlaintext) return security;
  security.ca_file = pki_->ca();
  if (transport_ == Transport::kMutualTls) {
    security.cert_file = pki_->terminal_cert(1);
    security.key_file = pki_->terminal_key(1);
  }
  return security;
}

std::vector<std::string> ServerProcess::ClientTlsFlags() const {
  return TlsFlagsFor(address_);
}

void ServerProcess::Stopped() {
  pid_ = -1;
  FailOnSanitizerReport("jiamei-server", Stderr());
  if (!address_.empty()) ForgetChannelSecurity(address_);
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Stop();
}

bool ServerProcess::Start(std::string* error) {
  std::string ignored;
  if (error == nullptr) error = &ignored;
  if (pid_ > 0) {
    *error = "the server is already running";
    return false;
  }
  // The first start makes the admin; later ones find it there (exit 3)
  // and a data directory the server refuses is refused here too.
  RunToExit({"--data_dir=" + data_dir_,
             "--bootstrap_admin=" + std::string(kAdminLogin)},
            nullptr, std::string(kAdminPassword) + "\n");
  const std::string port_file = scratch_.path() + "/port";
  std::filesystem::remove(port_file);
  std::vector<std::string> argv = {JIAMEI_SERVER_BIN, "--listen=127.0.0.1:0",
                                   "--data_dir=" + data_dir_,
                                   "--port_file=" + port_file};
  const std::vector<std::string> tls_flags = TlsFlags();
  argv.insert(argv.end(), tls_flags.begin(), tls_flags.end());
  argv.insert(argv.end(), extra_flags_.begin(), extra_flags_.end());
  pid_ = Spawn(argv, scratch_.path() + "/stderr", error);
  if (pid_ < 0) return false;

  const Clock::time_point deadline = Clock::now() + kStartTimeout;
  auto failed = [&](const std::string& why) {
    *error = why + "; server output:\n" + Stderr();
    return false;
  };
  // Ready to serve once the port file is there, unless it exits first.
  int port = 0;
  while ((port = ReadPort(port_file)) == 0) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      Stopped();
      return failed("the server " + DescribeExit(status) +
                    " before it was ready");
    }
    if (Clock::now() >= deadline) {
      Kill();
      return failed("the server wrote no port file in time");
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  address_ = "127.0.0.1:" + std::to_string(port);
  SetChannelSecurity(address_, ClientSecurity());
  raw_channel_ = ChannelTo(address_);
  channel_ = raw_channel_;
  while (!IsServing(channel_)) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      Stopped();
      return failed("the server " + DescribeExit(status) +
                    " before its health check answered SERVING");
    }
    if (Clock::now() >= deadline) {
      Kill();
      return failed("the health check did not answer SERVING in time");
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  absl::StatusOr<std::string> token =
      LogIn(raw_channel_, kAdminLogin, kAdminPassword);
  if (!token.ok()) {
    return failed("the admin could not log in: " +
                  std::string(token.status().message()));
  }
  admin_token_ = *token;
  channel_ = ChannelWithToken(address_, admin_token_);
  return true;
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  std::optional<int> status =
      WaitForExit(pid_, kExitTimeout, raw_channel_.get());
  if (!status.has_value()) {
    Kill();
    return -1;
  }
  Stopped();
  return ExitCode(*status);
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  Stopped();
}

std::string ServerProcess::Stderr() const {
  return ReadFile(scratch_.path() + "/stderr");
}

int ServerProcess::RunToExit(const std::vector<std::string>& flags,
                             std::string* stderr_text,
                             const std::string& stdin_text) {
  std::vector<std::string> argv = {JIAMEI_SERVER_BIN};
  argv.insert(argv.end(), flags.begin(), flags.end());
  return RunToCompletion(argv, stderr_text, stdin_text);
}

}  // namespace jiamei::testing
