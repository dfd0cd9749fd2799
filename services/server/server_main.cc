// jiamei-server: serves the jiamei gRPC API from an embedded RocksDB store.
#include <signal.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/server/event_log.h"
#include "services/server/log_limit.h"
#include "services/server/server.h"
#include "services/server/verify_backup.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:7070",
          "address to serve gRPC on, host:port (port 0 picks a free one)");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM file of the server's certificate chain; with --tls_key, the "
          "server speaks TLS only");
ABSL_FLAG(std::string, tls_key, "", "PEM file of the server's private key");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM bundle of CAs: a client must then present a certificate "
          "signed by one of them (mutual TLS)");
ABSL_FLAG(int32_t, tls_reload_seconds, 60,
          "how often the TLS files are read again, so that renewed "
          "certificates are served without a restart");
ABSL_FLAG(bool, insecure_listen, false,
          "allow plaintext on an address beyond loopback (tokens and "
          "personal data then cross the network in clear)");
ABSL_FLAG(std::string, data_dir, "data",
          "directory of the RocksDB store; created if missing");
ABSL_FLAG(std::string, witness_dir, "",
          "directory of the witness of the last durable head (the file "
          "jiamei.witness), ideally on another disk; empty: --data_dir");
ABSL_FLAG(bool, accept_loss, false,
          "start a store that lost acknowledged entries or has a damaged "
          "WAL anyway: open what is left, record the loss as an entry of "
          "the log, and make the witness anew");
ABSL_FLAG(std::string, witness, "on",
          "\"off\" (for measurements only) stops syncing the witness with "
          "every batch, so a loss of the last batches goes unseen");
ABSL_FLAG(std::string, port_file, "",
          "if set, the bound port is written here once the server is ready");
ABSL_FLAG(int64_t, queue_capacity, 65536,
          "ledger commands that may wait; beyond it RESOURCE_EXHAUSTED");
ABSL_FLAG(int64_t, max_batch, 4096,
          "most ledger commands written in one synced batch");
ABSL_FLAG(int32_t, shutdown_grace_seconds, 10,
          "on SIGTERM/SIGINT, how long calls in flight may take to finish");
ABSL_FLAG(absl::Duration, token_ttl, absl::Hours(12),
          "how long a log-in token lives");
ABSL_FLAG(std::string, expiry_run_time, "01:00",
          "HH:MM (China Standard Time) at which expiry runs by itself every "
          "day for every county; \"off\" to run it only when asked");
ABSL_FLAG(std::string, metrics_listen, "",
          "host:port to serve Prometheus metrics on (GET /metrics; port 0 "
          "picks one); empty: none. The port has no authentication: keep "
          "it on loopback or a monitoring network");
ABSL_FLAG(absl::Duration, session_purge_every, absl::Hours(1),
          "how often expired and revoked sessions are deleted");
ABSL_FLAG(std::string, backup_dir, "",
          "if set, a backup of the store is written into a new folder here "
          "every --backup_every (a copy of every file, checked)");
ABSL_FLAG(absl::Duration, backup_every, absl::Hours(6),
          "how often --backup_dir gets a backup, e.g. 6h");
ABSL_FLAG(int32_t, backup_keep, 7,
          "how many backups --backup_dir keeps; older ones are removed");
ABSL_FLAG(std::string, verify_backup, "",
          "instead of serving: check the backup folder DIR read-only (files, "
          "full audit, head against its manifest), print its digest, exit 0 "
          "if sound");
ABSL_FLAG(std::string, bootstrap_admin, "",
          "instead of serving: create the first admin with this login in an "
          "empty --data_dir, reading the password (one line) from stdin");

namespace {

constexpr int kExitUsage = 2;
constexpr int kExitRefused = 3;

// Writes via a temporary file and rename, so a reader never sees half.
bool WritePortFile(const std::string& path, int port) {
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << port << "\n";
    if (!out.flush()) return false;
  }
  return std::rename(temp.c_str(), path.c_str()) == 0;
}

absl::StatusOr<jiamei::services::ServerOptions> OptionsFromFlags() {
  jiamei::services::ServerOptions options;
  options.listen = absl::GetFlag(FLAGS_listen);
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.witness_dir = absl::GetFlag(FLAGS_witness_dir);
  options.accept_loss = absl::GetFlag(FLAGS_accept_loss);
  const std::string witness = absl::GetFlag(FLAGS_witness);
  if (witness != "on" && witness != "off") {
    return absl::InvalidArgumentError("--witness must be on or off");
  }
  options.witness_every_batch = witness == "on";
  options.security.cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.security.key_file = absl::GetFlag(FLAGS_tls_key);
  options.security.client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  options.security.reload_interval =
      absl::Seconds(absl::GetFlag(FLAGS_tls_reload_seconds));
  options.security.insecure_listen = absl::GetFlag(FLAGS_insecure_listen);
  const int64_t capacity = absl::GetFlag(FLAGS_queue_capacity);
  const int64_t batch = absl::GetFlag(FLAGS_max_batch);
  if (capacity < 1 || capacity > (1 << 24) || batch < 1 || batch > (1 << 20)) {
    return absl::InvalidArgumentError(
        "--queue_capacity must be 1..16777216 and --max_batch 1..1048576");
  }
  if (absl::GetFlag(FLAGS_shutdown_grace_seconds) < 0) {
    return absl::InvalidArgumentError("--shutdown_grace_seconds must be >= 0");
  }
  if (options.data_dir.empty()) {
    return absl::InvalidArgumentError("--data_dir must not be empty");
  }
  const std::string run_time = absl::GetFlag(FLAGS_expiry_run_time);
  int hours = 0, minutes = 0;
  if (run_time == "off") {
    options.expiry_run_time = -absl::Seconds(1);
  } else if (run_time.size() == 5 && run_time[2] == ':' &&
             absl::SimpleAtoi(run_time.substr(0, 2), &hours) &&
             absl::SimpleAtoi(run_time.substr(3), &minutes) && hours >= 0 &&
             hours < 24 && minutes >= 0 && minutes < 60) {
    options.expiry_run_time = absl::Hours(hours) + absl::Minutes(minutes);
  } else {
    return absl::InvalidArgumentError("--expiry_run_time must be HH:MM or off");
  }
  options.token_ttl = absl::GetFlag(FLAGS_token_ttl);
  if (options.token_ttl < absl::Minutes(1) ||
      options.token_ttl > absl::Hours(24 * 90)) {
    return absl::InvalidArgumentError("--token_ttl must be 1m to 2160h");
  }
  options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  options.session_purge_every = absl::GetFlag(FLAGS_session_purge_every);
  if (options.session_purge_every < absl::Seconds(1)) {
    return absl::InvalidArgumentError("--session_purge_every must be >= 1s");
  }
  options.backup_dir = absl::GetFlag(FLAGS_backup_dir);
  options.backup_every = absl::GetFlag(FLAGS_backup_every);
  options.backup_keep = absl::GetFlag(FLAGS_backup_keep);
  if (options.backup_every < absl::Seconds(1) || options.backup_keep < 1) {
    return absl::InvalidArgumentError(
        "--backup_every must be at least 1s and --backup_keep at least 1");
  }
  options.sequencer.queue_capacity = static_cast<size_t>(capacity);
  options.sequencer.max_batch = static_cast<size_t>(batch);
  return options;
}

// The bootstrap step: the first admin, whose password comes from stdin so
// that it never shows in the process list or the shell history.
int Bootstrap(const std::string& data_dir, const std::string& login) {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  absl::StatusOr<std::string> admin =
      jiamei::services::BootstrapAdmin(data_dir, login, password);
  if (!admin.ok()) {
    std::cerr << "jiamei-server: bootstrap refused: "
              << admin.status().message() << "\n";
    return admin.status().code() == absl::StatusCode::kInvalidArgument
               ? kExitUsage
               : kExitRefused;
  }
  std::cout << "created " << *admin << " (" << login
            << "): admin of the whole system\n";
  return 0;
}

std::string SignalName(int signal) {
  if (signal == SIGTERM) return "SIGTERM";
  if (signal == SIGINT) return "SIGINT";
  return absl::StrCat(signal);
}

}  // namespace

int main(int argc, char** argv) {
  // Abseil's mutex deadlock detector builds a lock graph on every mutex gRPC
  // creates per call: 1-2% of the server's CPU in the profile, and gRPC's
  // own locking is not ours to check in production.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::SetProgramUsageMessage(
      "jiamei-server --listen=127.0.0.1:7070 --data_dir=DIR\n"
      "    [--tls_cert=FILE --tls_key=FILE [--tls_client_ca=FILE]]\n"
      "Serves the jiamei points ledger over gRPC from an embedded RocksDB.");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() > 1) {
    std::cerr << "jiamei-server: unexpected argument " << args[1] << "\n";
    return kExitUsage;
  }
  absl::StatusOr<jiamei::services::ServerOptions> options = OptionsFromFlags();
  if (!options.ok()) {
    std::cerr << "jiamei-server: " << options.status().message() << "\n";
    return kExitUsage;
  }

  const std::string verify = absl::GetFlag(FLAGS_verify_backup);
  if (!verify.empty()) {
    return jiamei::services::VerifyBackupCommand(verify, std::cout, std::cerr);
  }
  const std::string bootstrap = absl::GetFlag(FLAGS_bootstrap_admin);
  if (!bootstrap.empty()) return Bootstrap(options->data_dir, bootstrap);

  // Block the shutdown signals in every thread; main waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  jiamei::services::LimitLibraryLogs();

  absl::StatusOr<std::unique_ptr<jiamei::services::Server>> server =
      jiamei::services::Server::Start(*options);
  if (!server.ok()) {
    std::cerr << "jiamei-server: " << server.status().message() << "\n";
    return server.status().code() == absl::StatusCode::kInvalidArgument
               ? kExitUsage
               : kExitRefused;
  }
  const std::string port_file = absl::GetFlag(FLAGS_port_file);
  if (!port_file.empty() && !WritePortFile(port_file, (*server)->port())) {
    std::cerr << "jiamei-server: cannot write --port_file " << port_file
              << "\n";
    return kExitUsage;
  }
  const bool insecure = options->security.cert_file.empty() &&
                        !jiamei::services::IsLoopbackAddress(options->listen);
  std::cerr << "jiamei-server: "
            << jiamei::services::EventLine(
                   "start",
                   {{"port", absl::StrCat((*server)->port())},
                    {"listen", options->listen},
                    {"data_dir", options->data_dir},
                    {"metrics_port", absl::StrCat((*server)->metrics_port())},
                    {"security",
                     jiamei::services::DescribeSecurity(options->security)}})
            << std::endl;
  if (!options->witness_every_batch) {
    std::cerr << "jiamei-server: "
              << jiamei::services::EventLine(
                     "warning",
                     {{"message",
                       "WARNING: --witness=off: the witness is not synced "
                       "with each batch; a lost WAL tail goes unseen"}})
              << std::endl;
  }
  if (insecure) {
    std::cerr << "jiamei-server: "
              << jiamei::services::EventLine(
                     "warning",
                     {{"message",
                       absl::StrCat("WARNING: --insecure_listen: serving "
                                    "plaintext on ",
                                    options->listen,
                                    ", beyond loopback: tokens, passwords and "
                                    "personal data cross the network in "
                                    "clear")}})
              << std::endl;
  }

  int received = 0;
  sigwait(&signals, &received);
  std::cerr << "jiamei-server: "
            << jiamei::services::EventLine("stopping",
                                           {{"signal", SignalName(received)}})
            << std::endl;
  (*server)->Shutdown(
      absl::Seconds(absl::GetFlag(FLAGS_shutdown_grace_seconds)));
  jiamei::storage::SequencerStats stats = (*server)->stats();
  std::cerr << "jiamei-server: "
            << jiamei::services::EventLine(
                   "stopped",
                   {{"commands", absl::StrCat(stats.commands)},
                    {"batches", absl::StrCat(stats.batches)},
                    {"largest_batch", absl::StrCat(stats.largest_batch)}})
            << std::endl;
  return 0;
}
