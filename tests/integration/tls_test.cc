// TLS at the server's port: handshakes and calls, plaintext refused,
// plaintext kept on loopback unless --insecure_listen says otherwise,
// terminal certificates under mutual TLS, renewed files served without a
// restart, bad TLS flags refused, and the CLI's TLS flags.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "grpc/grpc_security_constants.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/auth_channel.h"
#include "tests/integration/ledger_client.h"

namespace jiamei::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kExitUsage = 2;
constexpr int kExitRefused = 3;

// A channel with a connection of its own (channels with equal arguments
// would share one), secured as `security` says.
std::shared_ptr<grpc::Channel> FreshChannel(
    const std::string& address, const clients::ChannelSecurity& security) {
  static std::atomic<int> connections{0};
  grpc::ChannelArguments args;
  args.SetInt("jiamei.test.connection", connections++);
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      clients::MakeChannelCredentials(security, &args);
  EXPECT_TRUE(credentials.ok()) << credentials.status();
  return grpc::CreateCustomChannel(
      address,
      credentials.ok() ? *credentials : grpc::InsecureChannelCredentials(),
      args);
}

clients::ChannelSecurity Trusting(const std::string& ca_file) {
  clients::ChannelSecurity security;
  security.ca_file = ca_file;
  return security;
}

clients::ChannelSecurity TerminalOf(const TestPki& pki,
                                    const std::string& ca_file) {
  clients::ChannelSecurity security = Trusting(ca_file);
  security.cert_file = pki.terminal_cert(1);
  security.key_file = pki.terminal_key(1);
  return security;
}

// A health check over `channel`; the server's certificate subject in
// `peer_subject` if it answered.
grpc::Status Check(const std::shared_ptr<grpc::Channel>& channel,
                   std::string* peer_subject = nullptr) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  if (status.ok() && peer_subject != nullptr) {
    for (const grpc::string_ref& subject :
         context.auth_context()->FindPropertyValues(
             GRPC_X509_SUBJECT_PROPERTY_NAME)) {
      peer_subject->assign(subject.data(), subject.size());
    }
  }
  return status;
}

grpc::Status CheckWith(const std::string& address,
                       const clients::ChannelSecurity& security) {
  return Check(FreshChannel(address, security));
}

// Writes `from` over `to` whole (a copy, then rename), as
// deploy/make-certs.sh does.
void Replace(const std::string& from, const std::string& to) {
  const std::string temp = to + ".new";
  std::filesystem::copy_file(from, temp,
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::rename(temp, to);
}

// Waits until a new connection secured as `security` is served, up to
// `timeout`; its last status.
grpc::Status WaitUntilServed(const std::string& address,
                             const clients::ChannelSecurity& security,
                             std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  grpc::Status status;
  while (!(status = CheckWith(address, security)).ok() &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return status;
}

std::unique_ptr<TestPki> MakePki(const std::vector<std::string>& flags) {
  std::string error;
  std::unique_ptr<TestPki> pki = TestPki::Make(flags, &error);
  EXPECT_NE(pki, nullptr) << error;
  return pki;
}

TEST(TlsTest, CallsOverTlsAreServedWithTheServersCertificate) {
  TempDir data_dir;
  ServerProcess server(data_dir.path());
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  EXPECT_THAT(server.Stderr(), HasSubstr("security=\"TLS (certificate " +
                                         TestPki::Shared().server_cert()));

  std::string subject;
  ASSERT_TRUE(Check(server.raw_channel(), &subject).ok());
  EXPECT_THAT(subject, HasSubstr("CN=localhost"));
  // A call with the admin's token, over TLS like every test's.
  LedgerClient client(server.channel());
  const std::string account =
      client.MustOpenAccount(v1::ACCOUNT_KIND_HOUSEHOLD, "Over TLS");
  EXPECT_THAT(client.GetAccount(account), IsOk());
}

TEST(TlsTest, PlaintextClientIsRefusedByATlsServer) {
  TempDir data_dir;
  ServerProcess server(data_dir.path());
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;

  EXPECT_EQ(
      CheckWith(server.address(), clients::ChannelSecurity{}).error_code(),
      grpc::StatusCode::UNAVAILABLE);
  // Nor does a client that trusts another CA take the server for real.
  std::unique_ptr<TestPki> other = MakePki({});
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(CheckWith(server.address(), Trusting(other->ca())).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_TRUE(
      CheckWith(server.address(), Trusting(TestPki::Shared().ca())).ok());
}

TEST(TlsTest, AFloodOfRefusedHandshakesIsCountedNotLoggedLineByLine) {
  TempDir data_dir;
  ServerProcess server(data_dir.path());
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  const size_t before = server.Stderr().size();
  // gRPC logs a line for each refused handshake; the server counts them
  // instead (a summary line each minute, and the metrics).
  for (int i = 0; i < 150; ++i) {
    ASSERT_FALSE(CheckWith(server.address(), clients::ChannelSecurity{}).ok());
  }
  const std::string grown = server.Stderr().substr(before);
  EXPECT_LE(std::count(grown.begin(), grown.end(), '\n'), 2) << grown;
  EXPECT_TRUE(
      CheckWith(server.address(), Trusting(TestPki::Shared().ca())).ok());
}

TEST(ListenRuleTest, PlaintextBeyondLoopbackIsRefusedAtStartTouchingNothing) {
  TempDir scratch;
  const std::string data_dir = scratch.path() + "/ledger";
  for (const std::string listen : {"0.0.0.0:0", "[::]:0", ":0"}) {
    std::string output;
    EXPECT_EQ(ServerProcess::RunToExit(
                  {"--listen=" + listen, "--data_dir=" + data_dir}, &output),
              kExitRefused)
        << listen << ": " << output;
    EXPECT_THAT(output,
                AllOf(HasSubstr("refusing to serve plaintext on " + listen),
                      HasSubstr("--tls_cert"), HasSubstr("--insecure_listen")));
    EXPECT_FALSE(std::filesystem::exists(data_dir)) << listen;
  }
}

TEST(ListenRuleTest, InsecureListenServesBeyondLoopbackWithAWarning) {
  TempDir data_dir;
  ServerProcess server(data_dir.path(),
                       {"--listen=0.0.0.0:0", "--insecure_listen"},
                       Transport::kPlaintext);
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  EXPECT_THAT(server.Stderr(),
              AllOf(HasSubstr("security=plaintext\n"),
                    HasSubstr("WARNING: --insecure_listen: serving plaintext "
                              "on 0.0.0.0:0, beyond loopback")));
  EXPECT_TRUE(LedgerClient(server.channel())
                  .OpenAccount(v1::ACCOUNT_KIND_HOUSEHOLD, "In clear")
                  .ok());
}

TEST(ListenRuleTest, TlsServesBeyondLoopbackWithoutAWarning) {
  TempDir data_dir;
  ServerProcess server(data_dir.path(), {"--listen=0.0.0.0:0"});
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  EXPECT_THAT(server.Stderr(), Not(HasSubstr("WARNING")));
  EXPECT_TRUE(Check(server.raw_channel()).ok());
}

class MutualTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(server_.Start(&error)) << error;
  }

  TempDir data_dir_;
  ServerProcess server_{data_dir_.path(), {}, Transport::kMutualTls};
};

TEST_F(MutualTlsTest, ServerSaysItRequiresClientCertificates) {
  EXPECT_THAT(server_.Stderr(),
              HasSubstr("security=\"mutual TLS (client certificates "
                        "signed by " +
                        TestPki::Shared().ca() + " required"));
}

TEST_F(MutualTlsTest, TerminalWithoutACertificateIsRefused) {
  EXPECT_EQ(CheckWith(server_.address(), Trusting(TestPki::Shared().ca()))
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
  // Before any call, a log-in included.
  EXPECT_FALSE(
      LogIn(FreshChannel(server_.address(), Trusting(TestPki::Shared().ca())),
            ServerProcess::kAdminLogin, ServerProcess::kAdminPassword)
          .ok());
}

TEST_F(MutualTlsTest, TerminalWithAnotherCasCertificateIsRefused) {
  std::unique_ptr<TestPki> other =
      MakePki({"--terminals=1", "--county=another county CA"});
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(
      CheckWith(server_.address(), TerminalOf(*other, TestPki::Shared().ca()))
          .error_code(),
      grpc::StatusCode::UNAVAILABLE);
}

TEST_F(MutualTlsTest, TerminalWithTheCountyCasCertificateIsServed) {
  const clients::ChannelSecurity terminal =
      TerminalOf(TestPki::Shared(), TestPki::Shared().ca());
  EXPECT_TRUE(CheckWith(server_.address(), terminal).ok());
  absl::StatusOr<std::string> token =
      LogIn(FreshChannel(server_.address(), terminal),
            ServerProcess::kAdminLogin, ServerProcess::kAdminPassword);
  ASSERT_TRUE(token.ok()) << token.status();
  // The harness's own channels present that certificate too.
  EXPECT_TRUE(LedgerClient(ChannelWithToken(server_.address(), *token))
                  .OpenAccount(v1::ACCOUNT_KIND_HOUSEHOLD, "At the desk")
                  .ok());
}

TEST(TlsRenewalTest, RenewedServerCertificateIsServedWithoutARestart) {
  std::unique_ptr<TestPki> first = MakePki({});
  std::unique_ptr<TestPki> renewed = MakePki({"--county=renewed county CA"});
  ASSERT_TRUE(first != nullptr && renewed != nullptr);
  TempDir data_dir;
  ServerProcess server(data_dir.path(), {"--tls_reload_seconds=1"},
                       Transport::kTls, first.get());
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  ASSERT_EQ(CheckWith(server.address(), Trusting(renewed->ca())).error_code(),
            grpc::StatusCode::UNAVAILABLE);

  // The renewed files where the server reads its own.
  Replace(renewed->server_key(), first->server_key());
  Replace(renewed->server_cert(), first->server_cert());
  EXPECT_TRUE(WaitUntilServed(server.address(), Trusting(renewed->ca()),
                              std::chrono::seconds(15))
                  .ok());
  std::string subject;
  ASSERT_TRUE(
      Check(FreshChannel(server.address(), Trusting(renewed->ca())), &subject)
          .ok());
  EXPECT_THAT(subject, HasSubstr("O=renewed county CA"));
  EXPECT_EQ(CheckWith(server.address(), Trusting(first->ca())).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  // The same process all along: it stops cleanly.
  EXPECT_EQ(server.Stop(), 0);
}

TEST(TlsRenewalTest, RenewedClientCaIsRequiredWithoutARestart) {
  std::unique_ptr<TestPki> first = MakePki({"--terminals=1"});
  std::unique_ptr<TestPki> renewed =
      MakePki({"--terminals=1", "--county=renewed county CA"});
  ASSERT_TRUE(first != nullptr && renewed != nullptr);
  TempDir scratch;
  const std::string client_ca = scratch.path() + "/client-ca.pem";
  std::filesystem::copy_file(first->ca(), client_ca);
  TempDir data_dir;
  ServerProcess server(
      data_dir.path(),
      {"--tls_reload_seconds=1", "--tls_client_ca=" + client_ca},
      Transport::kMutualTls, first.get());
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  const clients::ChannelSecurity old_terminal = TerminalOf(*first, first->ca());
  const clients::ChannelSecurity new_terminal =
      TerminalOf(*renewed, first->ca());
  ASSERT_TRUE(CheckWith(server.address(), old_terminal).ok());
  ASSERT_EQ(CheckWith(server.address(), new_terminal).error_code(),
            grpc::StatusCode::UNAVAILABLE);

  Replace(renewed->ca(), client_ca);
  EXPECT_TRUE(
      WaitUntilServed(server.address(), new_terminal, std::chrono::seconds(15))
          .ok());
  EXPECT_EQ(CheckWith(server.address(), old_terminal).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST(TlsFlagsTest, BadTlsFlagsAreRefusedNamingTheFlagAndTouchNothing) {
  const TestPki& pki = TestPki::Shared();
  std::unique_ptr<TestPki> other = MakePki({});
  ASSERT_NE(other, nullptr);
  TempDir scratch;
  const std::string data_dir = scratch.path() + "/ledger";
  const std::string missing = scratch.path() + "/missing.pem";
  const std::string cert = "--tls_cert=" + pki.server_cert();
  const std::string key = "--tls_key=" + pki.server_key();
  struct Case {
    std::vector<std::string> flags;
    int exit_code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{cert}, kExitUsage, "--tls_cert and --tls_key go together"},
      {{key}, kExitUsage, "--tls_cert and --tls_key go together"},
      {{"--tls_client_ca=" + pki.ca()},
       kExitUsage,
       "--tls_client_ca needs --tls_cert and --tls_key"},
      {{cert, key, "--tls_reload_seconds=0"},
       kExitUsage,
       "--tls_reload_seconds must be 1 to 86400"},
      {{"--tls_cert=" + missing, key},
       kExitRefused,
       "--tls_cert " + missing + ": cannot read: No such file or directory"},
      {{cert, "--tls_key=" + scratch.path()},
       kExitRefused,
       "--tls_key " + scratch.path() + ": cannot read"},
      {{"--tls_cert=" + pki.server_key(), key},
       kExitRefused,
       "holds no PEM certificate"},
      {{cert, "--tls_key=" + pki.server_cert()},
       kExitRefused,
       "holds no PEM private key"},
      {{cert, "--tls_key=" + other->server_key()},
       kExitRefused,
       "--tls_key " + other->server_key() +
           ": is not the key of the certificate in " + pki.server_cert()},
      {{cert, key, "--tls_client_ca=" + pki.server_key()},
       kExitRefused,
       "--tls_client_ca " + pki.server_key() + ": holds no PEM certificate"},
  };
  for (const Case& bad : cases) {
    std::vector<std::string> flags = {"--listen=127.0.0.1:0",
                                      "--data_dir=" + data_dir};
    flags.insert(flags.end(), bad.flags.begin(), bad.flags.end());
    std::string output;
    EXPECT_EQ(ServerProcess::RunToExit(flags, &output), bad.exit_code)
        << bad.message << ": " << output;
    EXPECT_THAT(output, HasSubstr(bad.message));
    EXPECT_FALSE(std::filesystem::exists(data_dir)) << bad.message;
  }
}

// The CLI run with a clean environment but for `environment`; its exit
// status, stdout and stderr together in `output`.
int Cli(const std::vector<std::string>& args, std::string* output,
        const std::vector<std::string>& environment = {}) {
  std::vector<std::string> argv = {"/usr/bin/env", "-i"};
  argv.insert(argv.end(), environment.begin(), environment.end());
  argv.push_back(JIAMEI_CLI_BIN);
  argv.insert(argv.end(), args.begin(), args.end());
  return RunToCompletion(argv, output);
}

class CliTlsTest : public MutualTlsTest {
 protected:
  // `jiamei health` against the test server with `flags`.
  int Health(const std::vector<std::string>& flags, std::string* output,
             const std::vector<std::string>& environment = {}) {
    std::vector<std::string> args = {"--server=" + server_.address()};
    args.insert(args.end(), flags.begin(), flags.end());
    args.push_back("health");
    return Cli(args, output, environment);
  }

  const TestPki& pki_ = TestPki::Shared();
  const std::string ca_ = "--tls_ca=" + pki_.ca();
  const std::string cert_ = "--tls_cert=" + pki_.terminal_cert(1);
  const std::string key_ = "--tls_key=" + pki_.terminal_key(1);
};

TEST_F(CliTlsTest,
       TerminalCertificateIsAcceptedAndItsAbsenceOrAnotherCasRefused) {
  std::string output;
  EXPECT_EQ(Health({ca_, cert_, key_}, &output), 0) << output;
  EXPECT_THAT(output, HasSubstr("SERVING"));

  EXPECT_EQ(Health({ca_}, &output), 1) << output;
  EXPECT_THAT(output, HasSubstr("give --tls_cert and --tls_key")) << output;
  EXPECT_EQ(Health({}, &output), 1) << output;
  EXPECT_THAT(output, HasSubstr("give --tls_ca=FILE")) << output;
  std::unique_ptr<TestPki> other = MakePki({"--terminals=1"});
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(Health({ca_, "--tls_cert=" + other->terminal_cert(1),
                    "--tls_key=" + other->terminal_key(1)},
                   &output),
            1)
      << output;
  EXPECT_THAT(output, HasSubstr("may not accept this terminal's certificate"));
}

TEST_F(CliTlsTest, FilesComeFromTheEnvironmentTooAndTlsUsesTheDefaultRoots) {
  std::string output;
  EXPECT_EQ(Health({}, &output,
                   {"JIAMEI_TLS_CA=" + pki_.ca(),
                    "JIAMEI_TLS_CERT=" + pki_.terminal_cert(1),
                    "JIAMEI_TLS_KEY=" + pki_.terminal_key(1)}),
            0)
      << output;
  // --tls trusts gRPC's default roots: the system's, or this file.
  const std::vector<std::string> terminal_env = {
      "JIAMEI_TLS_CERT=" + pki_.terminal_cert(1),
      "JIAMEI_TLS_KEY=" + pki_.terminal_key(1)};
  EXPECT_EQ(Health({"--tls"}, &output, terminal_env), 1) << output;
  EXPECT_THAT(output, HasSubstr("certificate verify failed"));
  std::vector<std::string> with_roots = terminal_env;
  with_roots.push_back("GRPC_DEFAULT_SSL_ROOTS_FILE_PATH=" + pki_.ca());
  EXPECT_EQ(Health({"--tls"}, &output, with_roots), 0) << output;
}

TEST_F(CliTlsTest, ServerNameOverridesTheNameChecked) {
  std::string output;
  EXPECT_EQ(Health({ca_, cert_, key_, "--tls_server_name=localhost"}, &output),
            0)
      << output;
  EXPECT_EQ(
      Health({ca_, cert_, key_, "--tls_server_name=jiamei.example"}, &output),
      1)
      << output;
  EXPECT_THAT(output, HasSubstr("jiamei.example"));
}

TEST_F(CliTlsTest, BadTlsFlagsAreUsageErrors) {
  TempDir scratch;
  const std::string missing = scratch.path() + "/missing.pem";
  std::string output;
  EXPECT_EQ(Health({ca_, cert_}, &output), kExitUsage) << output;
  EXPECT_THAT(output, HasSubstr("--tls_cert and --tls_key go together"));
  EXPECT_EQ(Health({"--tls_ca=" + missing}, &output), kExitUsage) << output;
  EXPECT_THAT(output, HasSubstr("--tls_ca " + missing + ": cannot read"));
  EXPECT_EQ(Health({"--tls_ca=" + pki_.terminal_key(1)}, &output), kExitUsage)
      << output;
  EXPECT_THAT(output, HasSubstr("holds no PEM CERTIFICATE"));
}

}  // namespace
}  // namespace jiamei::testing
