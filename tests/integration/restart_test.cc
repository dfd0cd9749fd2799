// A graceful stop and a start on the same data directory lose nothing and
// change nothing: accounts, histories, transfers, remembered answers and the
// digest are as they were, and the ledger carries on from where it stopped.
#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/ledger_client.h"

namespace jiamei::testing {
namespace {

using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

// Everything a client can see of a ledger.
struct VisibleLedger {
  v1::Digest digest;
  std::vector<v1::Account> accounts;
  std::map<std::string, std::vector<v1::HistoryLine>> histories;
};

VisibleLedger Look(LedgerClient& client) {
  VisibleLedger ledger;
  ledger.digest = client.MustGetDigest();
  ledger.accounts = client.MustListAllAccounts(1000);
  for (const v1::Account& account : ledger.accounts) {
    ledger.histories[account.name()] =
        client.MustListWholeHistory(account.name(), 1000);
  }
  return ledger;
}

void ExpectSameLedger(const VisibleLedger& actual,
                      const VisibleLedger& expected) {
  EXPECT_THAT(actual.digest, EqualsProto(expected.digest));
  ASSERT_THAT(actual.accounts, SizeIs(expected.accounts.size()));
  for (size_t i = 0; i < expected.accounts.size(); ++i) {
    EXPECT_THAT(actual.accounts[i], EqualsProto(expected.accounts[i]));
  }
  for (const auto& [account, lines] : expected.histories) {
    SCOPED_TRACE("history of " + account);
    const std::vector<v1::HistoryLine>& actual_lines =
        actual.histories.at(account);
    ASSERT_THAT(actual_lines, SizeIs(lines.size()));
    for (size_t i = 0; i < lines.size(); ++i) {
      EXPECT_THAT(actual_lines[i], EqualsProto(lines[i]));
    }
  }
}

class RestartTest : public ServerTest {
 protected:
  void Restart() {
    ASSERT_EQ(server_.Stop(), 0) << server_.Stderr();
    std::string error;
    ASSERT_TRUE(server_.Start(&error)) << error;
    Reconnect();
  }
};

TEST_F(RestartTest, RestartKeepsTheLedgerAndWritesCarryOnFromTheHead) {
  const TypicalAccounts a = OpenTypicalAccounts();
  client_->MustTransfer(a.issuance, a.household_a, 100);
  client_->MustTransfer(a.issuance, a.household_b, 50);
  const v1::Transfer spent =
      client_->MustTransfer(a.household_a, a.supermarket, 30);
  client_->MustTransfer(a.household_b, a.household_a, 10);
  const v1::Transfer reversal = client_->MustReverse(spent.name());
  const v1::CreateTransferRequest accepted =
      client_->TransferRequest(a.household_b, a.supermarket, 15);
  const Reply<v1::Transfer> accepted_reply = client_->CreateTransfer(accepted);
  ASSERT_THAT(accepted_reply, IsOk());
  const v1::CreateTransferRequest refused =
      client_->TransferRequest(a.household_b, a.supermarket, 1000);
  EXPECT_THAT(client_->CreateTransfer(refused), Not(IsOk()));
  const VisibleLedger before = Look(*client_);

  Restart();
  if (HasFatalFailure()) return;

  ExpectSameLedger(Look(*client_), before);
  EXPECT_THAT(client_->GetTransfer(spent.name()).value.reversed_by(),
              reversal.name());
  // Answers given before the restart are given again, refusals included.
  EXPECT_THAT(client_->CreateTransfer(accepted).value,
              EqualsProto(accepted_reply.value));
  EXPECT_THAT(
      client_->CreateTransfer(refused),
      FailsWith(grpc::StatusCode::FAILED_PRECONDITION, "INSUFFICIENT_POINTS"));
  EXPECT_THAT(
      client_->Reverse(spent.name()),
      FailsWith(grpc::StatusCode::FAILED_PRECONDITION, "ALREADY_REVERSED"));
  EXPECT_THAT(client_->MustGetDigest(), EqualsProto(before.digest));

  // New entries follow on: next sequence, chained to the old head.
  const v1::Transfer next = client_->MustTransfer(a.issuance, a.household_a, 5);
  EXPECT_EQ(next.sequence(), before.digest.last_sequence() + 1);
  EXPECT_EQ(next.previous_hash(), before.digest.head_hash());
  const Reply<v1::Account> opened =
      client_->OpenAccount(v1::ACCOUNT_KIND_ISSUANCE, "New county");
  ASSERT_THAT(opened, IsOk());
  EXPECT_EQ(opened.value.name(),
            "accounts/" + std::to_string(before.accounts.size() + 1));
  EXPECT_EQ(opened.value.open_sequence(), next.sequence() + 1);
  EXPECT_EQ(client_->MustGetBalance(a.household_a), 115);

  const v1::Digest digest = client_->MustGetDigest();
  const v1::AuditReport report = client_->MustRunAudit();
  EXPECT_TRUE(report.clean()) << report.ShortDebugString();
  EXPECT_EQ(report.entries_checked(), digest.last_sequence());
  EXPECT_EQ(report.head_hash(), digest.head_hash());
}

TEST_F(RestartTest, RepeatedRestartsChangeNothing) {
  const TypicalAccounts a = OpenTypicalAccounts();
  client_->MustTransfer(a.issuance, a.household_a, 42);
  const VisibleLedger before = Look(*client_);
  for (int i = 0; i < 3; ++i) {
    SCOPED_TRACE("restart " + std::to_string(i + 1));
    Restart();
    if (HasFatalFailure()) return;
    ExpectSameLedger(Look(*client_), before);
  }
}

TEST_F(RestartTest, PageTokenFromBeforeARestartStillWorks) {
  const TypicalAccounts a = OpenTypicalAccounts();
  for (int amount = 1; amount <= 3; ++amount) {
    client_->MustTransfer(a.issuance, a.household_a, amount);
  }
  const Reply<v1::ListAccountHistoryResponse> first =
      client_->ListAccountHistory(a.household_a, 2, "");
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(first.value.next_page_token(), Not(IsEmpty()));

  Restart();
  if (HasFatalFailure()) return;

  const Reply<v1::ListAccountHistoryResponse> rest =
      client_->ListAccountHistory(a.household_a, 2,
                                  first.value.next_page_token());
  ASSERT_THAT(rest, IsOk());
  ASSERT_THAT(rest.value.lines(), SizeIs(1));
  EXPECT_EQ(rest.value.lines(0).change(), 1);
}

}  // namespace
}  // namespace jiamei::testing
