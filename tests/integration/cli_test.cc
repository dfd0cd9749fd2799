// Runs the real `jiamei` binary against a real server and checks what a
// person or a script sees: what goes to stdout, what to stderr, and the
// exit status.
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
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
  return name.substr(name.rfind('/') + 1);
}

// The value of the first "name:" line of readable output: "units/3".
std::string NameIn(const std::string& out) {
  for (absl::string_view line : absl::StrSplit(out, '\n')) {
    if (absl::ConsumePrefix(&line, "name:")) {
      return std::string(absl::StripAsciiWhitespace(line));
    }
  }
  return "";
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

// The environment of the CLI: the test's own, but with HOME in a fresh
// folder and without the JIAMEI_ variables of whoever runs the tests, plus
// `extra` ("NAME=value").
std::vector<std::string> CliEnvironment(const std::string& home,
                                        const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** var = environ; *var != nullptr; ++var) {
    const absl::string_view entry = *var;
    if (!absl::StartsWith(entry, "JIAMEI_") &&
        !absl::StartsWith(entry, "HOME=")) {
      env.emplace_back(entry);
    }
  }
  env.push_back("HOME=" + home);
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

// Pointers to the strings of `words`, ending in nullptr, for exec.
std::vector<char*> Pointers(std::vector<std::string>& words) {
  std::vector<char*> pointers;
  for (std::string& word : words) pointers.push_back(word.data());
  pointers.push_back(nullptr);
  return pointers;
}

// What MakeCountyToTeam made, by name.
struct Register {
  std::string county;
  std::string township;
  std::string village;
  std::string household;
  std::string person;
  std::string volunteer;
  std::string team;
};

class CliTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    token_ = server_.admin_token();
  }

  // Runs `jiamei --server=<the test server> args...` without a shell (so
  // arguments need no quoting), `stdin_text` on its standard input and
  // each output stream into its own file. The token in token_, if any,
  // goes in $JIAMEI_TOKEN.
  CliRun Jiamei(const std::vector<std::string>& args,
                const std::string& stdin_text = "") {
    std::vector<std::string> words = {JIAMEI_CLI_BIN,
                                      "--server=" + server_.address()};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<std::string> extra = extra_env_;
    if (!token_.empty()) extra.push_back("JIAMEI_TOKEN=" + token_);
    std::vector<std::string> env = CliEnvironment(home_.path(), extra);

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
                                  Pointers(words).data(), Pointers(env).data());
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

  // Runs a command that makes a record; the record's name, or "" (and a
  // test failure) if it did not.
  std::string MustMake(const std::vector<std::string>& args,
                       const std::string& stdin_text = "") {
    CliRun run = Jiamei(args, stdin_text);
    EXPECT_EQ(run.exit_code, 0) << ::testing::PrintToString(run);
    return NameIn(run.out);
  }

  // Logs `login` in with --print_token; the token, or "" if refused.
  std::string LogIn(const std::string& login, const std::string& password) {
    CliRun run = Jiamei({"login", login, "--print_token"}, password + "\n");
    EXPECT_EQ(run.exit_code, 0) << ::testing::PrintToString(run);
    return std::string(absl::StripAsciiWhitespace(run.out));
  }

  // A county, township, village, household (head 王秀英), a second person
  // (李敏) who volunteers and leads a team, all made with the CLI.
  Register MakeCountyToTeam() {
    Register made;
    made.county = MustMake({"unit", "create", "--code=330102",
                            "--display_name=清河县", "--level=county"});
    made.township =
        MustMake({"unit", "create", "--code=330102001", "--display_name=龙泉镇",
                  "--level=township", "--parent=" + NumberOf(made.county)});
    made.village = MustMake({"unit", "create", "--code=330102001001",
                             "--display_name=东村", "--level=village",
                             "--parent=" + made.township});
    made.household = MustMake(
        {"household", "create", "--village=" + NumberOf(made.village),
         "--number=0012", "--address=东村3组12号", "--head_name=王秀英",
         "--head_phone=13812345678", "--head_gender=female",
         "--head_birth_year=1949", "--care=LEFT_BEHIND_WOMEN"});
    made.person =
        MustMake({"person", "create", "--household=" + NumberOf(made.household),
                  "--full_name=李敏", "--phone=13900001111", "--gender=female",
                  "--birth_year=1990"});
    made.volunteer = MustMake({"volunteer", "enroll", NumberOf(made.person),
                               "--join_date=2026-03-05", "--skills=义剪,助耕"});
    made.team =
        MustMake({"team", "create", "--unit=" + NumberOf(made.village),
                  "--display_name=巾帼助耕队",
                  "--leader=" + NumberOf(made.volunteer), "--date=2026-03-05"});
    return made;
  }

  // Where `jiamei login` saves the token by default.
  std::string DefaultTokenFile() const {
    return home_.path() + "/.config/jiamei/token";
  }

  TempDir output_dir_;
  TempDir home_;
  std::string token_;                   // the admin's, unless a test changes it
  std::vector<std::string> extra_env_;  // "NAME=value"
};

// The admin's password as a person types it.
std::string AdminPasswordLine() {
  return std::string(ServerProcess::kAdminPassword) + "\n";
}

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

TEST_F(CliTest, LoginSavesAnOwnerOnlyTokenFileWhoAmIUsesAndLogoutRemoves) {
  token_.clear();
  CliRun login =
      Jiamei({"login", ServerProcess::kAdminLogin}, AdminPasswordLine());
  ASSERT_EQ(login.exit_code, 0) << ::testing::PrintToString(login);
  EXPECT_THAT(login.out, ContainsRegex("name: +operators/1\n"));
  EXPECT_THAT(login.out, ContainsRegex("role: +admin\n"));
  EXPECT_THAT(login.out, ContainsRegex("expires: +[0-9]{4}-"));
  EXPECT_THAT(login.err, HasSubstr("token saved in " + DefaultTokenFile()));
  struct stat file {};
  ASSERT_EQ(stat(DefaultTokenFile().c_str(), &file), 0);
  EXPECT_EQ(file.st_mode & 0777, 0600);
  const std::string token(
      absl::StripAsciiWhitespace(ReadFile(DefaultTokenFile())));
  ASSERT_THAT(token, Not(IsEmpty()));
  EXPECT_THAT(login.out, Not(HasSubstr(token))) << "saved, not shown";

  CliRun whoami = Jiamei({"whoami"});
  EXPECT_EQ(whoami.exit_code, 0) << ::testing::PrintToString(whoami);
  EXPECT_THAT(whoami.out, ContainsRegex("login: +admin\n"));

  CliRun logout = Jiamei({"logout"});
  EXPECT_EQ(logout.exit_code, 0) << ::testing::PrintToString(logout);
  EXPECT_EQ(logout.out, "logged out\n");
  EXPECT_FALSE(std::filesystem::exists(DefaultTokenFile()));
  CliRun after = Jiamei({"whoami"});
  EXPECT_EQ(after.exit_code, 1) << ::testing::PrintToString(after);
  EXPECT_THAT(after.err, HasSubstr("UNAUTHENTICATED"));
  CliRun revoked = Jiamei({"--token=" + token, "whoami"});
  EXPECT_EQ(revoked.exit_code, 1) << "the server forgot the token too";
}

TEST_F(CliTest, LoginReplacesTheFileJiameiTokenFileNamesWholeLeavingNoTemp) {
  token_.clear();
  const std::string folder = output_dir_.path() + "/new/folder";
  extra_env_ = {"JIAMEI_TOKEN_FILE=" + folder + "/token"};
  for (int i = 0; i < 2; ++i) {
    CliRun login =
        Jiamei({"login", ServerProcess::kAdminLogin}, AdminPasswordLine());
    ASSERT_EQ(login.exit_code, 0) << ::testing::PrintToString(login);
  }
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    files.push_back(entry.path().filename().string());
  }
  EXPECT_THAT(files, ElementsAre("token"));
  CliRun whoami = Jiamei({"whoami"});
  EXPECT_EQ(whoami.exit_code, 0) << ::testing::PrintToString(whoami);
}

TEST_F(CliTest, LoginWithAWrongPasswordExitsOneAndSavesNothing) {
  token_.clear();
  CliRun wrong =
      Jiamei({"login", ServerProcess::kAdminLogin}, "not the password\n");
  EXPECT_EQ(wrong.exit_code, 1) << ::testing::PrintToString(wrong);
  EXPECT_THAT(wrong.err, HasSubstr("UNAUTHENTICATED LOGIN_FAILED"));
  EXPECT_FALSE(std::filesystem::exists(DefaultTokenFile()));
}

TEST_F(CliTest, LoginPrintTokenPrintsAWorkingTokenAndSavesNothing) {
  token_.clear();
  const std::string token =
      LogIn(ServerProcess::kAdminLogin, ServerProcess::kAdminPassword);
  ASSERT_THAT(token, Not(IsEmpty()));
  EXPECT_FALSE(std::filesystem::exists(DefaultTokenFile()));
  CliRun whoami = Jiamei({"--token=" + token, "whoami"});
  EXPECT_EQ(whoami.exit_code, 0) << ::testing::PrintToString(whoami);
}

TEST_F(CliTest, PasswordChangeStopsTheOldTokenAndTheNewPasswordLogsIn) {
  MustMake({"operator", "create", "--login=county.auditor",
            "--display_name=县妇联审计", "--role=auditor"},
           "first password 1\n");
  token_ = LogIn("county.auditor", "first password 1");
  CliRun change = Jiamei({"password"}, "first password 1\nsecond password 2\n");
  EXPECT_EQ(change.exit_code, 0) << ::testing::PrintToString(change);
  EXPECT_THAT(change.out, HasSubstr("password changed"));
  CliRun old_token = Jiamei({"whoami"});
  EXPECT_EQ(old_token.exit_code, 1) << ::testing::PrintToString(old_token);
  token_ = LogIn("county.auditor", "second password 2");
  CliRun whoami = Jiamei({"whoami"});
  EXPECT_EQ(whoami.exit_code, 0) << ::testing::PrintToString(whoami);
  EXPECT_THAT(whoami.out, ContainsRegex("role: +auditor\n"));
}

TEST_F(CliTest, SetsUpCountyToTeamAndReadsEveryRecordBack) {
  const Register made = MakeCountyToTeam();
  ASSERT_FALSE(::testing::Test::HasFailure());

  CliRun walk = Jiamei({"unit", "walk", NumberOf(made.county)});
  ASSERT_EQ(walk.exit_code, 0) << ::testing::PrintToString(walk);
  EXPECT_THAT(TableRows(walk.out),
              ElementsAre(ElementsAre(made.county, "county", "330102", "-",
                                      ::testing::_, "清河县"),
                          ElementsAre(made.township, "township", "330102001",
                                      made.county, ::testing::_, "龙泉镇"),
                          ElementsAre(made.village, "village", "330102001001",
                                      made.township, ::testing::_, "东村")));

  CliRun got = Jiamei({"household", "get", NumberOf(made.household)});
  ASSERT_EQ(got.exit_code, 0) << ::testing::PrintToString(got);
  EXPECT_THAT(got.out, ContainsRegex("number: +0012\n"));
  EXPECT_THAT(got.out, ContainsRegex("address: +东村3组12号\n"));
  EXPECT_THAT(got.out, ContainsRegex("head: +王秀英 \\(people/"));
  EXPECT_THAT(got.out, ContainsRegex("account: +accounts/"));
  EXPECT_THAT(got.out, ContainsRegex("care: +LEFT_BEHIND_WOMEN\n"));
  EXPECT_THAT(got.out, ContainsRegex(made.person + " +13900001111 .* 李敏\n"));

  CliRun member = Jiamei({"person", "get", made.person});
  EXPECT_THAT(member.out,
              ContainsRegex("household: +" + made.household + "\n"));
  EXPECT_THAT(member.out, ContainsRegex("volunteer: +yes\n"));
  CliRun profile = Jiamei({"volunteer", "get", NumberOf(made.volunteer)});
  EXPECT_THAT(profile.out, ContainsRegex("skills: +义剪,助耕\n"));
  EXPECT_THAT(profile.out, ContainsRegex("teams: +" + made.team + "\n"));

  CliRun team_json = Jiamei({"--json", "team", "get", NumberOf(made.team)});
  ASSERT_EQ(team_json.exit_code, 0) << ::testing::PrintToString(team_json);
  v1::Team parsed;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(team_json.out, &parsed).ok())
      << team_json.out;
  EXPECT_EQ(parsed.leader(), made.volunteer);
  EXPECT_THAT(parsed.members(), ElementsAre(made.volunteer));

  CliRun found =
      Jiamei({"household", "search", "王秀", "--unit=" + made.county});
  EXPECT_EQ(found.exit_code, 0) << ::testing::PrintToString(found);
  EXPECT_THAT(TableRows(found.out),
              ElementsAre(ElementsAre(made.household, made.village, "0012",
                                      ::testing::_, "2", "13812345678",
                                      "王秀英", "东村3组12号")));
}

TEST_F(CliTest, TeamJoinAndLeaveAreKeptWithTheirDates) {
  const std::string village = client_->TestVillage();
  const std::string household =
      MustMake({"household", "create", "--village=" + village, "--number=7",
                "--address=东村1组7号", "--head_name=张桂兰"});
  CliRun head = Jiamei({"--json", "household", "get", household});
  v1::Household parsed;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(head.out, &parsed).ok())
      << head.out;
  const std::string leader = MustMake(
      {"volunteer", "enroll", parsed.head(), "--join_date=2026-01-02"});
  const std::string person = MustMake(
      {"person", "create", "--household=" + household, "--full_name=张丽"});
  const std::string member =
      MustMake({"volunteer", "enroll", person, "--join_date=2026-02-03"});
  const std::string team =
      MustMake({"team", "create", "--unit=" + village, "--display_name=义剪队",
                "--leader=" + leader, "--date=2026-01-02"});
  MustMake(
      {"team", "join", team, "--volunteer=" + member, "--date=2026-02-03"});
  MustMake(
      {"team", "leave", team, "--volunteer=" + member, "--date=2026-04-05"});
  CliRun got = Jiamei({"team", "get", team});
  EXPECT_THAT(got.out, ContainsRegex("members: +" + leader + "\n"));
  EXPECT_THAT(got.out, ContainsRegex("2026-02-03 +joined +" + team + " +" +
                                     member + "\n"));
  EXPECT_THAT(got.out, ContainsRegex("2026-04-05 +left +" + team + " +" +
                                     member + "\n"));
  CliRun listed = Jiamei({"team", "list", village});
  EXPECT_THAT(TableRows(listed.out),
              ElementsAre(ElementsAre(team, village, leader, "1", "义剪队")));
}

TEST_F(CliTest, HouseholdCareWithAnEmptyListClearsTheCategories) {
  const std::string household =
      MustMake({"household", "create", "--village=" + client_->TestVillage(),
                "--number=9", "--address=东村2组9号", "--head_name=赵芳",
                "--care=ORPHAN, SINGLE_PARENT"});
  CliRun got = Jiamei({"household", "get", household});
  EXPECT_THAT(got.out, ContainsRegex("care: +ORPHAN,SINGLE_PARENT\n"));
  CliRun cleared = Jiamei({"household", "care", household, "--care="});
  EXPECT_EQ(cleared.exit_code, 0) << ::testing::PrintToString(cleared);
  EXPECT_THAT(cleared.out, Not(HasSubstr("care:")));
}

TEST_F(CliTest, DeskOperatorIsRefusedUnitsAndSeesIdNumbersMasked) {
  const std::string village = client_->TestVillage();
  const std::string household = MustMake(
      {"household", "create", "--village=" + village, "--number=0012",
       "--address=东村3组12号", "--head_name=王秀英",
       "--head_phone=13812345678", "--head_resident_id=11010519491231002X"});
  CliRun made = Jiamei({"operator", "create", "--login=dongcun.desk",
                        "--display_name=东村积分兑换点", "--role=desk",
                        "--scope=" + NumberOf(village)},
                       "desk password 0012\n");
  ASSERT_EQ(made.exit_code, 0) << ::testing::PrintToString(made);
  EXPECT_THAT(made.out, ContainsRegex("role: +desk\n"));
  EXPECT_THAT(made.out, ContainsRegex("scope: +" + village + "\n"));

  token_ = LogIn("dongcun.desk", "desk password 0012");
  CliRun refused = Jiamei({"unit", "create", "--code=X9", "--display_name=西村",
                           "--level=village", "--parent=" + village});
  EXPECT_EQ(refused.exit_code, 1) << ::testing::PrintToString(refused);
  EXPECT_THAT(refused.err, HasSubstr("error: PERMISSION_DENIED"));
  EXPECT_THAT(refused.out, IsEmpty());
  CliRun got = Jiamei({"household", "get", household});
  EXPECT_EQ(got.exit_code, 0) << ::testing::PrintToString(got);
  EXPECT_THAT(got.out, HasSubstr(" 13812345678 "));
  EXPECT_THAT(got.out, HasSubstr(" 1101**********002X "));
}

TEST_F(CliTest, CallsWithoutATokenAreRefusedAsUnauthenticated) {
  token_.clear();  // and there is no token file
  CliRun digest = Jiamei({"digest"});
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
      {{"unit", "create", "--code=X1", "--display_name=x", "--level=province"},
       "--level must be county, township or village, not 'province'"},
      {{"operator", "create", "--login=x.desk", "--display_name=x",
        "--role=king"},
       "--role must be admin, auditor, desk, organizer or member"},
      {{"person", "create", "--household=1", "--full_name=x", "--gender=x"},
       "--gender must be female or male"},
      {{"household", "create", "--village=3", "--number=1", "--address=x"},
       "--head_name is required"},
      {{"household", "create", "--village=3", "--number=1", "--address=x",
        "--head_name=x", "--full_name=y"},
       "--full_name does not apply to this command"},
      {{"household", "care", "1"}, "--care is required"},
      {{"household", "get"}, "missing HOUSEHOLD"},
      {{"volunteer", "status", "1", "--status=active"}, "--reason is required"},
      {{"volunteer", "status", "1", "--status=resting", "--reason=x"},
       "--status must be active or suspended"},
      {{"team", "join", "1", "--volunteer=2"}, "--date is required"},
      {{"whoami", "--print_token"}, "--print_token does not apply"},
      {{"login"}, "missing LOGIN"},
      {{"login", "admin"}, "no password on standard input"},
      {{"operator", "create", "--login=x.desk", "--display_name=x",
        "--role=desk"},
       "no password on standard input"},
      {{"password"}, "no password on standard input"},
      {{"unit", "list", "1", "2"}, "unexpected argument '2'"},
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
  for (const char* command : {"login",
                              "logout",
                              "whoami",
                              "password",
                              "operator create",
                              "operator get",
                              "operator list",
                              "operator disable",
                              "unit create",
                              "unit rename",
                              "unit get",
                              "unit list",
                              "unit walk",
                              "household create",
                              "household get",
                              "household list",
                              "household search",
                              "household care",
                              "person create",
                              "person get",
                              "person move",
                              "category create",
                              "category list",
                              "volunteer enroll",
                              "volunteer get",
                              "volunteer status",
                              "team create",
                              "team get",
                              "team list",
                              "team join",
                              "team leave",
                              "account open",
                              "account get",
                              "account list",
                              "transfer create",
                              "transfer get",
                              "transfer reverse",
                              "history",
                              "digest",
                              "audit",
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
