// Runs the real `jiamei` binary against a real server and checks what a
// person or a script sees: output and exit codes.
#include <sys/wait.h>

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/integration/ledger_client.h"

namespace jiamei::testing {
namespace {

using ::testing::HasSubstr;

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

class CliTest : public ServerTest {
 protected:
  // Runs jiamei with --server set, through the shell (arguments are quoted).
  CliResult Jiamei(const std::vector<std::string>& args) {
    std::vector<std::string> quoted = {JIAMEI_CLI_BIN,
                                       "--server=" + server_.address()};
    for (const std::string& arg : args) quoted.push_back("'" + arg + "'");
    const std::string command = absl::StrJoin(quoted, " ") + " 2>&1";
    CliResult result;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
      ADD_FAILURE() << "cannot run " << command;
      return result;
    }
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
      result.output.append(buffer, n);
    }
    const int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
  }
};

TEST_F(CliTest, OpensAccountsTransfersAndShowsTheBalance) {
  CliResult org = Jiamei(
      {"account", "open", "--kind=issuance", "--display_name=龙泉镇妇联"});
  ASSERT_EQ(org.exit_code, 0) << org.output;
  EXPECT_THAT(org.output, HasSubstr("accounts/1"));
  EXPECT_THAT(org.output, HasSubstr("request_id:"));
  ASSERT_EQ(
      Jiamei({"account", "open", "--kind=household", "--display_name=王秀英家"})
          .exit_code,
      0);
  CliResult transfer =
      Jiamei({"transfer", "create", "--debit=1", "--credit=accounts/2",
              "--amount=30", "--reason=COURTYARD_HYGIENE", "--memo=美丽庭院"});
  ASSERT_EQ(transfer.exit_code, 0) << transfer.output;
  EXPECT_THAT(transfer.output, HasSubstr("transfers/3"));
  EXPECT_EQ(client_->MustGetBalance("accounts/2"), 30);

  CliResult history = Jiamei({"history", "2"});
  ASSERT_EQ(history.exit_code, 0) << history.output;
  EXPECT_THAT(history.output, HasSubstr("+30"));
  EXPECT_THAT(history.output, HasSubstr("COURTYARD_HYGIENE"));
}

TEST_F(CliTest, JsonOutputParsesAndCarriesTheBalance) {
  TypicalAccounts accounts = OpenTypicalAccounts();
  client_->MustTransfer(accounts.issuance, accounts.household_a, 42);
  CliResult get = Jiamei({"--json", "account", "get", accounts.household_a});
  ASSERT_EQ(get.exit_code, 0) << get.output;
  v1::Account account;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(get.output, &account).ok())
      << get.output;
  EXPECT_EQ(account.name(), accounts.household_a);
  EXPECT_EQ(account.balance(), 42);
}

TEST_F(CliTest, RefusedTransferExitsOneAndPrintsReason) {
  TypicalAccounts accounts = OpenTypicalAccounts();
  CliResult refused =
      Jiamei({"transfer", "create", "--debit=" + accounts.household_a,
              "--credit=" + accounts.supermarket, "--amount=5",
              "--reason=REDEMPTION"});
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_THAT(refused.output,
              HasSubstr("FAILED_PRECONDITION INSUFFICIENT_POINTS"));
}

TEST_F(CliTest, RetryWithTheSameRequestIdReturnsTheSameTransfer) {
  TypicalAccounts accounts = OpenTypicalAccounts();
  const std::vector<std::string> args = {"transfer",
                                         "create",
                                         "--debit=" + accounts.issuance,
                                         "--credit=" + accounts.household_a,
                                         "--amount=7",
                                         "--reason=AWARD",
                                         "--request_id=desk07-retry-0001"};
  CliResult first = Jiamei(args);
  CliResult again = Jiamei(args);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_EQ(again.output, first.output);
  EXPECT_EQ(client_->MustGetBalance(accounts.household_a), 7);
}

TEST_F(CliTest, BadAmountOrUnknownCommandIsAUsageErrorAndSendsNothing) {
  const v1::Digest before = client_->MustGetDigest();
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"transfer", "create", "--debit=1", "--credit=2",
            "--amount=9223372036854775808", "--reason=AWARD"},
           {"transfer", "create", "--debit=1", "--credit=2", "--amount=ten",
            "--reason=AWARD"},
           {"account", "open", "--kind=village", "--display_name=x"},
           {"launch", "rockets"},
           {}}) {
    CliResult result = Jiamei(args);
    EXPECT_EQ(result.exit_code, 2) << absl::StrJoin(args, " ") << "\n"
                                   << result.output;
  }
  EXPECT_EQ(client_->MustGetDigest().last_sequence(), before.last_sequence());
}

TEST_F(CliTest, DigestReverseAndAuditCommands) {
  TypicalAccounts accounts = OpenTypicalAccounts();
  v1::Transfer award =
      client_->MustTransfer(accounts.issuance, accounts.household_a, 9);
  CliResult reverse =
      Jiamei({"transfer", "reverse", award.name(), "--memo=wrong household"});
  ASSERT_EQ(reverse.exit_code, 0) << reverse.output;
  EXPECT_THAT(reverse.output, HasSubstr("reverses:   " + award.name()));
  CliResult digest = Jiamei({"digest"});
  EXPECT_THAT(digest.output, HasSubstr(absl::StrCat(
                                 "last_sequence: ",
                                 client_->MustGetDigest().last_sequence())));
  CliResult audit = Jiamei({"audit"});
  EXPECT_EQ(audit.exit_code, 0) << audit.output;
  EXPECT_THAT(audit.output, HasSubstr("audit CLEAN"));
  EXPECT_THAT(Jiamei({"health"}).output, HasSubstr("SERVING"));
}

}  // namespace
}  // namespace jiamei::testing
