// Runs the real `jiamei` binary against a real server and checks what a
// person or a script sees: what goes to stdout, what to stderr, and the
// exit status.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "jiamei/v1/volunteers.pb.h"
#include "tests/integration/ledger_client.h"

extern char** environ;

namespace jiamei::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

// What one run of the CLI did.
struct CliRun {
  int exit_code = -1;  // -1 when it did not exit by itself
  std::string out;
  std::string err;
};

void PrintTo(const CliRun& run, std::ostream* os) {
  *os << "exit " << run.exit_code << "\nstdout:\n"
      << run.out << "stderr:\n"
      << run.err;
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// "accounts/7" -> "7": the CLI takes bare numbers too.
std::string NumberOf(const std::string& name) {
  return std::string(
      absl::StripPrefix(absl::StripPrefix(name, "accounts/"), "transfers/"));
}

// The whitespace-separated cells of the lines of `text` after the first
// (a table's header).
std::vector<std::vector<std::string>> TableRows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> lines =
      absl::StrSplit(text, '\n', absl::SkipEmpty());
  for (size_t i = 1; i < lines.size(); ++i) {
    rows.push_back(absl::StrSplit(lines[i], ' ', absl::SkipEmpty()));
  }
  return rows;
}

class CliTest : public ServerTest {
 protected:
  // Runs `jiamei --server=<the test server> args...` without a shell (so
  // arguments need no quoting), each output stream into its own file.
  CliRun Jiamei(const std::vector<std::string>& args,
                const std::string& stdin_text = "") {
    std::vector<std::string> words = {JIAMEI_CLI_BIN,
                                      "--server=" + server_.address(),
                                      "--token=" + server_.admin_token()};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);

    const std::string out_path = output_dir_.path() + "/stdout";
    const std::string err_path = output_dir_.path() + "/stderr";
    const std::string in_path = output_dir_.path() + "/stdin";
    std::ofstream(in_path) << stdin_text;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, in_path.c_str(),
                                     O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = -1;
    const int error = posix_spawn(&pid, JIAMEI_CLI_BIN, &actions, nullptr,
                                  argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    CliRun run;
    if (error != 0) {
      ADD_FAILURE() << "cannot run " << JIAMEI_CLI_BIN << ": "
                    << std::strerror(error);
      return run;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = ReadFile(out_path);
    run.err = ReadFile(err_path);
    return run;
  }

  TempDir output_dir_;
};

TEST_F(CliTest, OpensAShopAccountAndTransfersIntoIt) {
  // The village (and its county's) issuance accounts come with the units.
  const std::string household =
      client_->MustOpenAccount(v1::ACCOUNT_KIND_HOUSEHOLD, "王秀英家");
  const std::string county = client_->MustListAllAccounts(10).front().unit();
  CliRun shop =
      Jiamei({"account", "open", "--kind=supermarket",
              "--display_name=龙泉镇积分超市", "--unit=" + NumberOf(county)});
  ASSERT_EQ(shop.exit_code, 0) << ::testing::PrintToString(shop);
  EXPECT_THAT(shop.out, ContainsRegex("name: +accounts/5\n"));
  EXPECT_THAT(shop.out, ContainsRegex("kind: +supermarket\n"));
  EXPECT_THAT(shop.out, ContainsRegex("display_name: +龙泉镇积分超市\n"));
  // The id it made up goes to stderr, so that stdout stays the answer.
  EXPECT_THAT(shop.err,
              ContainsRegex("^request_id: [0-9a-f]{32} \\(reuse it "
                            "with --request_id to retry safely\\)\n$"));

  CliRun award =
      Jiamei({"transfer", "create", "--debit=3", "--credit=" + household,
              "--amount=30", "--reason=COURTYARD_HYGIENE", "--memo=美丽庭院"});
  ASSERT_EQ(award.exit_code, 0) << ::testing::PrintToString(award);
  EXPECT_THAT(award.out, ContainsRegex("amount: +30\n"));
  CliRun spend =
      Jiamei({"transfer", "create", "--debit=" + household,
              "--credit=accounts/5", "--amount=12", "--reason=REDEMPTION"});
  ASSERT_EQ(spend.exit_code, 0) << ::testing::PrintToString(spend);
  EXPECT_EQ(client_->MustGetBalance("accounts/3"), -30);
  EXPECT_EQ(client_->MustGetBalance(household), 18);
  EXPECT_EQ(client_->MustGetBalance("accounts/5"), 12);
}

TEST_F(CliTest, LoginPrintsAnExportLineWhoseTokenWorks) {
  CliRun login = Jiamei({"--token=", "login", ServerProcess::kAdminLogin},
                        std::string(ServerProcess::kAdminPassword) + "\n");
  ASSERT_EQ(login.exit_code, 0) << ::testing::PrintToString(login);
  absl::string_view line = login.out;
  ASSERT_TRUE(absl::ConsumePrefix(&line, "export JIAMEI_TOKEN=")) << login.out;
  const std::string token(line.substr(0, line.find('\n')));
  CliRun whoami = Jiamei({"--token=" + token, "whoami"});
  EXPECT_EQ(whoami.exit_code, 0) << ::testing::PrintToString(whoami);
  EXPECT_THAT(whoami.out, HasSubstr("login: \"admin\""));
  CliRun wrong = Jiamei({"--token=", "login", ServerProcess::kAdminLogin},
                        "not the password\n");
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_THAT(wrong.err, HasSubstr("UNAUTHENTICATED LOGIN_FAILED"));
}

TEST_F(CliTest, SetsUpATreeAHouseholdAVolunteerAndATeam) {
  const std::vector<std::vector<std::string>> steps = {
      {"unit", "create", "--code=330102", "--display_name=清河县",
       "--level=county"},
      {"unit", "create", "--code=330102001", "--display_name=龙泉镇",
       "--level=township", "--parent=1"},
      {"unit", "create", "--code=330102001001", "--display_name=东村",
       "--level=village", "--parent=units/2"},
      {"household", "create", "--village=3", "--number=0012",
       "--address=东村3组12号", "--full_name=王秀英", "--phone=13812345678",
       "--gender=female"},
      {"volunteer", "enroll", "1", "--join_date=2026-03-05",
       "--skills=义剪,助耕"},
      {"team", "create", "--unit=3", "--display_name=巾帼助耕队", "--leader=1",
       "--date=2026-03-05"},
  };
  for (const std::vector<std::string>& step : steps) {
    CliRun run = Jiamei(step);
    ASSERT_EQ(run.exit_code, 0) << ::testing::PrintToString(run);
  }
  CliRun team = Jiamei({"--json", "team", "get", "1"});
  ASSERT_EQ(team.exit_code, 0) << ::testing::PrintToString(team);
  v1::Team parsed;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(team.out, &parsed).ok());
  EXPECT_EQ(parsed.leader(), "volunteers/1");
  EXPECT_THAT(parsed.members(), ElementsAre("volunteers/1"));
  CliRun found = Jiamei({"household", "search", "王秀", "--unit=1"});
  EXPECT_EQ(found.exit_code, 0) << ::testing::PrintToString(found);
  EXPECT_THAT(found.out, HasSubstr("number: \"0012\""));
  CliRun bad_level = Jiamei(
      {"unit", "create", "--code=X1", "--display_name=x", "--level=province"});
  EXPECT_EQ(bad_level.exit_code, 2);
}

TEST_F(CliTest, CallsWithoutATokenAreRefusedAsUnauthenticated) {
  CliRun digest = Jiamei({"--token=", "digest"});
  EXPECT_EQ(digest.exit_code, 1) << ::testing::PrintToString(digest);
  EXPECT_THAT(digest.err, HasSubstr("UNAUTHENTICATED"));
}

TEST_F(CliTest, JsonOutputIsOneObjectThatParsesAndCarriesTheBalance) {
  const TypicalAccounts accounts = OpenTypicalAccounts();
  client_->MustTransfer(accounts.issuance, accounts.household_a, 42);
  CliRun get = Jiamei({"--json", "account", "get", accounts.household_a});
  ASSERT_EQ(get.exit_code, 0) << ::testing::PrintToString(get);
  EXPECT_THAT(get.err, IsEmpty());
  ASSERT_THAT(std::vector<std::string>(absl::StrSplit(get.out, '\n')),
              ElementsAre(::testing::_, IsEmpty()))
      << "one line";
  v1::Account account;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(get.out, &account).ok())
      << get.out;
  EXPECT_EQ(account.name(), accounts.household_a);
  EXPECT_EQ(account.balance(), 42);
  // Proto field names, and fields at their default value printed too.
  EXPECT_THAT(get.out, HasSubstr("\"display_name\":"));
  EXPECT_THAT(get.out, HasSubstr("\"may_go_negative\":false"));
}

TEST_F(CliTest, HistoryListsTransfersNewestFirstWithSignedChanges) {
  const TypicalAccounts accounts = OpenTypicalAccounts();
  v1::CreateTransferRequest award =
      client_->TransferRequest(accounts.issuance, accounts.household_a, 30);
  award.set_reason_code("COURTYARD_HYGIENE");
  award.set_memo("美丽庭院");
  const Reply<v1::Transfer> awarded = client_->CreateTransfer(award);
  ASSERT_THAT(awarded, IsOk());
  const v1::Transfer redeemed =
      client_->MustTransfer(accounts.household_a, accounts.supermarket, 12);

  CliRun history = Jiamei({"history", NumberOf(accounts.household_a)});
  ASSERT_EQ(history.exit_code, 0) << ::testing::PrintToString(history);
  EXPECT_THAT(history.out, StartsWith("SEQ "));
  // SEQ TIME CHANGE BALANCE REASON COUNTERPARTY [MEMO]
  EXPECT_THAT(
      TableRows(history.out),
      ElementsAre(
          ElementsAre(absl::StrCat(redeemed.sequence()), ::testing::_, "-12",
                      "18", redeemed.reason_code(), accounts.supermarket),
          ElementsAre(absl::StrCat(awarded.value.sequence()), ::testing::_,
                      "+30", "30", "COURTYARD_HYGIENE", accounts.issuance,
                      "美丽庭院")));
}

TEST_F(CliTest, RefusedTransferExitsOneAndPrintsReason) {
  const TypicalAccounts accounts = OpenTypicalAccounts();
  const v1::Digest before = client_->MustGetDigest();
  CliRun refused =
      Jiamei({"transfer", "create", "--debit=" + accounts.household_a,
              "--credit=" + accounts.supermarket, "--amount=5",
              "--reason=REDEMPTION"});
  EXPECT_EQ(refused.exit_code, 1) << ::testing::PrintToString(refused);
  EXPECT_THAT(refused.out, IsEmpty());
  EXPECT_THAT(refused.err,
              HasSubstr("\nerror: FAILED_PRECONDITION INSUFFICIENT_POINTS: "));
  EXPECT_EQ(client_->MustGetDigest().last_sequence(), before.last_sequence());
}

TEST_F(CliTest, RetryWithTheSameRequestIdReturnsTheSameTransfer) {
  const TypicalAccounts accounts = OpenTypicalAccounts();
  const std::vector<std::string> args = {"transfer",
                                         "create",
                                         "--debit=" + accounts.issuance,
                                         "--credit=" + accounts.household_a,
                                         "--amount=7",
                                         "--reason=AWARD",
                                         "--request_id=desk07-retry-0001"};
  CliRun first = Jiamei(args);
  CliRun again = Jiamei(args);
  ASSERT_EQ(first.exit_code, 0) << ::testing::PrintToString(first);
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.out, first.out);
  EXPECT_THAT(first.err, IsEmpty()) << "no id made up";
  EXPECT_EQ(client_->MustGetBalance(accounts.household_a), 7);
}

TEST_F(CliTest, UsageErrorsExitTwoSayWhatIsWrongAndSendNothing) {
  OpenTypicalAccounts();
  const v1::Digest before = client_->MustGetDigest();
  struct Case {
    std::vector<std::string> args;
    std::string complaint;
  };
  const std::vector<Case> cases = {
      {{"transfer", "create", "--debit=1", "--credit=2",
        "--amount=9223372036854775808", "--reason=AWARD"},
       "--amount must be a whole number"},
      {{"transfer", "create", "--debit=1", "--credit=2", "--amount=ten",
        "--reason=AWARD"},
       "--amount must be a whole number"},
      {{"transfer", "create", "--debit=1", "--credit=2", "--reason=AWARD"},
       "--amount is required"},
      {{"account", "open", "--kind=village", "--display_name=x"}, "--kind"},
      {{"account", "get"}, "missing ACCOUNT"},
      {{"digest", "1", "extra"}, "unexpected argument 'extra'"},
      {{"digest", "latest"}, "SEQUENCE must be a whole number"},
      {{"transfer", "reverse", "4", "--amount=3"},
       "--amount does not apply to this command"},
      {{"--bogus", "digest"}, "unknown flag --bogus"},
      {{"account", "list", "--page_size=many"}, "--page_size"},
      {{"launch", "rockets"}, "unknown command: launch rockets"},
      {{}, "usage: jiamei"},
      {{"help"}, "usage: jiamei"},
  };
  for (const Case& c : cases) {
    CliRun run = Jiamei(c.args);
    SCOPED_TRACE(absl::StrJoin(c.args, " "));
    EXPECT_EQ(run.exit_code, 2) << ::testing::PrintToString(run);
    EXPECT_THAT(run.err, HasSubstr(c.complaint));
    EXPECT_THAT(run.err, Not(HasSubstr("request_id: "))) << "no id made up";
    EXPECT_THAT(run.out, IsEmpty());
  }
  EXPECT_EQ(client_->MustGetDigest().last_sequence(), before.last_sequence());
}

TEST_F(CliTest, HelpListsEveryCommand) {
  CliRun help = Jiamei({"help"});
  for (const char* command :
       {"account open", "account get", "account list", "transfer create",
        "transfer get", "transfer reverse", "history", "digest", "audit",
        "health"}) {
    EXPECT_THAT(help.err, HasSubstr(absl::StrCat("\n  ", command))) << command;
  }
}

TEST_F(CliTest, DigestPrintsLastSequenceAndHeadHash) {
  const TypicalAccounts accounts = OpenTypicalAccounts();
  client_->MustTransfer(accounts.issuance, accounts.household_a, 9);
  const v1::Digest digest = client_->MustGetDigest();
  CliRun run = Jiamei({"digest"});
  ASSERT_EQ(run.exit_code, 0) << ::testing::PrintToString(run);
  EXPECT_THAT(run.out, StartsWith(absl::StrCat(
                           "last_sequence: ", digest.last_sequence(), "\n")));
  EXPECT_THAT(run.out, ContainsRegex("head_hash: +" + digest.head_hash()));
}

TEST_F(CliTest, ReverseNamesWhatItReversesAndCannotRepeat) {
  const TypicalAccounts accounts = OpenTypicalAccounts();
  const v1::Transfer award =
      client_->MustTransfer(accounts.issuance, accounts.household_a, 9);
  CliRun reverse = Jiamei({"transfer", "reverse", NumberOf(award.name()),
                           "--memo=wrong household"});
  ASSERT_EQ(reverse.exit_code, 0) << ::testing::PrintToString(reverse);
  EXPECT_THAT(reverse.out, ContainsRegex("reverses: +" + award.name() + "\n"));
  EXPECT_EQ(client_->MustGetBalance(accounts.household_a), 0);

  CliRun get = Jiamei({"transfer", "get", award.name()});
  ASSERT_EQ(get.exit_code, 0) << ::testing::PrintToString(get);
  EXPECT_THAT(get.out, ContainsRegex("reversed_by: +transfers/"));

  CliRun again = Jiamei({"transfer", "reverse", award.name()});
  EXPECT_EQ(again.exit_code, 1) << ::testing::PrintToString(again);
  EXPECT_THAT(again.err, HasSubstr("ALREADY_REVERSED"));
}

TEST_F(CliTest, ListAllFollowsPageTokensIntoOneAnswer) {
  OpenTypicalAccounts();
  CliRun one_page = Jiamei({"account", "list", "--page_size=1"});
  ASSERT_EQ(one_page.exit_code, 0) << ::testing::PrintToString(one_page);
  EXPECT_THAT(one_page.out, HasSubstr("\nnext_page_token: "));

  CliRun all = Jiamei({"--json", "account", "list", "--page_size=1", "--all"});
  ASSERT_EQ(all.exit_code, 0) << ::testing::PrintToString(all);
  v1::ListAccountsResponse response;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(all.out, &response).ok())
      << all.out;
  EXPECT_THAT(response.accounts(),
              SizeIs(client_->MustListAllAccounts(100).size()));
  EXPECT_THAT(response.next_page_token(), IsEmpty());
}

TEST_F(CliTest, AuditOfASoundLedgerPrintsCleanAndExitsZero) {
  const TypicalAccounts accounts = OpenTypicalAccounts();
  client_->MustReverse(
      client_->MustTransfer(accounts.issuance, accounts.household_a, 9).name());
  CliRun audit = Jiamei({"audit"});
  EXPECT_EQ(audit.exit_code, 0) << ::testing::PrintToString(audit);
  EXPECT_THAT(audit.out, StartsWith("audit CLEAN\n"));
}

TEST_F(CliTest, HealthPrintsServing) {
  CliRun health = Jiamei({"health"});
  EXPECT_EQ(health.exit_code, 0) << ::testing::PrintToString(health);
  EXPECT_EQ(health.out, "SERVING\n");
}

TEST_F(CliTest, UnreachableServerExitsOne) {
  server_.Stop();
  CliRun run = Jiamei({"--timeout=5s", "digest"});
  EXPECT_EQ(run.exit_code, 1) << ::testing::PrintToString(run);
  EXPECT_THAT(run.err, StartsWith("error: UNAVAILABLE"));
}

}  // namespace
}  // namespace jiamei::testing
