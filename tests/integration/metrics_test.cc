// The metrics port, scraped during a load: calls by method, code and
// reason, batch sizes, sync times, RocksDB sizes, the last audit; and the
// log's key=value lines: failures line by line, anonymous junk only
// counted.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jiamei/v1/ledger.grpc.pb.h"
#include "tests/integration/ledger_client.h"

namespace jiamei::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The body of GET /metrics at 127.0.0.1:`port`, "" if it failed.
std::string Scrape(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) ==
      0) {
    const std::string request =
        "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (write(fd, request.data(), request.size()) ==
        static_cast<ssize_t>(request.size())) {
      char buffer[65536];
      ssize_t n;
      while ((n = read(fd, buffer, sizeof(buffer))) > 0) {
        response.append(buffer, static_cast<size_t>(n));
      }
    }
  }
  close(fd);
  const size_t body = response.find("\r\n\r\n");
  return body == std::string::npos ? "" : response.substr(body + 4);
}

// The value of the sample `series` (name and labels, exactly as printed),
// -1 if absent.
double Sample(const std::string& text, const std::string& series) {
  const size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

int MetricsPort(const std::string& log) {
  std::smatch match;
  if (!std::regex_search(log, match, std::regex("metrics_port=([0-9]+)"))) {
    return 0;
  }
  return std::stoi(match[1]);
}

TEST(MetricsTest, AScrapeDuringALoadCountsCallsBatchesSyncsAndStoreSizes) {
  TempDir data_dir;
  ServerProcess server(data_dir.path(), {"--metrics_listen=127.0.0.1:0"});
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  const int port = MetricsPort(server.Stderr());
  ASSERT_GT(port, 0) << server.Stderr();
  LedgerClient client(server.channel());
  const std::string issuance =
      client.MustOpenAccount(v1::ACCOUNT_KIND_ISSUANCE, "Village fund");
  const std::string household =
      client.MustOpenAccount(v1::ACCOUNT_KIND_HOUSEHOLD, "Household");

  constexpr int kWriters = 8;
  constexpr int kTransfers = 100;
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&] {
      for (int i = 0; i < kTransfers; ++i) {
        if (client.Transfer(issuance, household, 1).ok()) ++acknowledged;
      }
    });
  }
  std::string during;
  while (acknowledged < kWriters * kTransfers / 2) std::this_thread::yield();
  during = Scrape(port);
  for (std::thread& writer : writers) writer.join();
  ASSERT_EQ(acknowledged, kWriters * kTransfers);
  EXPECT_GT(Sample(during,
                   "jiamei_calls_total{code=\"OK\",method=\"/"
                   "jiamei.v1.LedgerService/CreateTransfer\","
                   "reason=\"\"}"),
            0)
      << during;
  EXPECT_THAT(during, HasSubstr("jiamei_ledger_queue_depth "));

  // A refusal with its reason, an anonymous call, then an audit.
  v1::CreateTransferRequest bad =
      client.TransferRequest(household, issuance, 1000000);
  EXPECT_FALSE(client.CreateTransfer(bad).ok());
  auto anonymous = v1::LedgerService::NewStub(server.raw_channel());
  EXPECT_EQ(Send(anonymous.get(), &v1::LedgerService::Stub::GetDigest,
                 v1::GetDigestRequest())
                .status.error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(client.MustRunAudit().clean());

  const std::string after = Scrape(port);
  EXPECT_GE(Sample(after,
                   "jiamei_calls_total{code=\"OK\",method=\"/"
                   "jiamei.v1.LedgerService/CreateTransfer\","
                   "reason=\"\"}"),
            kWriters * kTransfers)
      << after;
  EXPECT_EQ(Sample(after,
                   "jiamei_calls_total{code=\"UNAUTHENTICATED\","
                   "method=\"/jiamei.v1.LedgerService/GetDigest\","
                   "reason=\"NO_TOKEN\"}"),
            1);
  EXPECT_GE(Sample(after, "jiamei_ledger_batch_commands_sum"),
            kWriters * kTransfers);
  EXPECT_GT(Sample(after, "jiamei_ledger_batch_commands_count"), 0);
  EXPECT_GT(Sample(after, "jiamei_ledger_sync_seconds_count"), 0);
  EXPECT_GT(Sample(after,
                   "jiamei_call_latency_seconds_count{method=\"/"
                   "jiamei.v1.LedgerService/CreateTransfer\"}"),
            0);
  EXPECT_GT(
      Sample(after, "jiamei_rocksdb_memtable_bytes{column_family=\"entries\"}"),
      0);
  EXPECT_GE(Sample(after,
                   "jiamei_rocksdb_pending_compaction_bytes{column_"
                   "family=\"entries\"}"),
            0);
  EXPECT_EQ(Sample(after, "jiamei_ledger_accepting_writes"), 1);
  EXPECT_EQ(Sample(after, "jiamei_last_audit_clean"), 1);
  EXPECT_GE(Sample(after, "jiamei_last_audit_duration_seconds"), 0);
  EXPECT_THAT(after, Not(HasSubstr("jiamei_last_backup_age_seconds")));

  // The refusal is one line with its method, code, reason and request id;
  // the anonymous call is not logged.
  const std::string log = server.Stderr();
  EXPECT_THAT(log, HasSubstr("event=call "
                             "method=/jiamei.v1.LedgerService/CreateTransfer "
                             "code=FAILED_PRECONDITION"));
  EXPECT_THAT(log, HasSubstr("request_id=" + bad.request_id() + " "));
  EXPECT_THAT(log, Not(HasSubstr("GetDigest")));
}

TEST(MetricsTest, WithoutTheFlagThereIsNoMetricsPort) {
  TempDir data_dir;
  ServerProcess server(data_dir.path());
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  EXPECT_THAT(server.Stderr(), HasSubstr("metrics_port=0 "));
}

}  // namespace
}  // namespace jiamei::testing
