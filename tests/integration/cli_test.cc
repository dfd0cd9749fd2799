// Runs the real `jiamei` binary against a real server and checks what a
// person or a script sees: what goes to stdout, what to stderr, and the
// exit status.
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
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
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "jiamei/v1/policy.pb.h"
#include "jiamei/v1/supermarket.pb.h"
#include "jiamei/v1/volunteers.pb.h"
#include "tests/integration/ledger_client.h"
#include "tests/integration/world.h"

extern char** environ;

namespace jiamei::testing {
namespace {

using ::testing::_;
using ::testing::Contains;
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

  // Runs `jiamei --server=<the test server> <its TLS flags> args...`
  // without a shell (so arguments need no quoting), `stdin_text` on its
  // standard input and each output stream into its own file. The token in
  // token_, if any, goes in $JIAMEI_TOKEN.
  CliRun Jiamei(const std::vector<std::string>& args,
                const std::string& stdin_text = "") {
    std::vector<std::string> words = {JIAMEI_CLI_BIN,
                                      "--server=" + server_.address()};
    const std::vector<std::string> tls = server_.ClientTlsFlags();
    words.insert(words.end(), tls.begin(), tls.end());
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
       "--role must be admin, auditor, desk, organizer, member or "
       "group_leader"},
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
      {{"rule", "publish", "--unit=1", "--code=HYG-01", "--display_name=x",
        "--category=food", "--points=10", "--valid_from=2026-01-01"},
       "--category must be hygiene, garbage_sorting, changing_customs, "
       "village_governance, volunteer_service or honours, not 'food'"},
      {{"rule", "publish", "--unit=1", "--code=HYG-01", "--display_name=x",
        "--category=hygiene", "--points=ten", "--valid_from=2026-01-01"},
       "--points must be a whole number"},
      {{"rule", "publish", "--unit=1", "--code=HYG-01", "--display_name=x",
        "--category=hygiene", "--points=10"},
       "--valid_from is required"},
      {{"rule", "revise", "1", "--cap_period=week"},
       "--cap_period must be none, month or year"},
      {{"rule", "get", "1", "--version=latest"}, "--version"},
      {{"award", "1"}, "missing HOUSEHOLD"},
      {{"award", "1", "2"}, "--note is required"},
      {{"award", "1", "2", "3", "--note=x"}, "unexpected argument '3'"},
      {{"award", "batch"}, "missing FILE"},
      {{"site", "create", "--unit=1", "--display_name=x"},
       "--villages is required"},
      {{"good", "add", "--site=1", "--display_name=x", "--measure=bag",
        "--price=3.5"},
       "--price must be a whole number"},
      {{"good", "revise", "1", "--active=maybe"},
       "--active must be yes or no, not 'maybe'"},
      {{"good", "list", "--site=1", "--note=x"},
       "--note does not apply to this command"},
      {{"stock", "in", "1", "--quantity=2", "--kind=loss"},
       "--kind must be donation or purchase, not 'loss'"},
      {{"stock", "adjust", "1", "--change=-2", "--kind=loss"},
       "--note is required"},
      {{"stock", "adjust", "1", "--change=-2", "--kind=donation", "--note=x"},
       "--kind must be loss, damage or correction"},
      {{"redeem", "--site=1", "--household=2"}, "missing GOOD=QUANTITY"},
      {{"redeem", "--site=1", "--household=2", "goods/3"},
       "'goods/3' is not GOOD=QUANTITY"},
      {{"redeem", "--household=2", "3=1"}, "--site is required"},
      {{"redemption", "void", "1"}, "--reason is required"},
      {{"receipt", "1", "--width=wide"}, "--width"},
      {{"figures", "--unit=1", "--from=2026-01-01"}, "--to is required"},
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
                              "health",
                              "rule publish",
                              "rule revise",
                              "rule get",
                              "rule list",
                              "award batch",
                              "award RULE HOUSEHOLD",
                              "site create",
                              "site get",
                              "site list",
                              "good add",
                              "good revise",
                              "good get",
                              "good list",
                              "stock in",
                              "stock adjust",
                              "stock list",
                              "redeem GOOD=QUANTITY",
                              "redemption void",
                              "redemption get",
                              "redemption list",
                              "receipt",
                              "queue upload",
                              "statement",
                              "figures",
                              "stocktake record SITE GOOD=COUNT",
                              "stocktake get",
                              "stocktake list",
                              "card issue",
                              "card get",
                              "card list",
                              "card void",
                              "card redeem",
                              "policy set UNIT",
                              "policy get UNIT",
                              "approval list UNIT",
                              "approval get APPROVAL",
                              "approval approve APPROVAL",
                              "approval reject APPROVAL --note=TEXT",
                              "honour SUBJECT",
                              "rankings UNIT --subject="}) {
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

// The rows of the table whose header line starts with `header`, up to the
// first line that is not a row (blank, or a "key:" line).
std::vector<std::vector<std::string>> TableUnder(const std::string& text,
                                                 const std::string& header) {
  std::vector<std::vector<std::string>> rows;
  bool in_table = false;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (in_table) {
      std::vector<std::string> cells =
          absl::StrSplit(line, ' ', absl::SkipEmpty());
      if (cells.empty() || absl::EndsWith(cells[0], ":") ||
          absl::EndsWith(line, ":")) {
        break;
      }
      rows.push_back(std::move(cells));
    }
    in_table = in_table || absl::StartsWith(line, header);
  }
  return rows;
}

// Matches a table row whose first cells match `cells`.
template <typename... Cells>
auto StartsWithCells(Cells... cells) {
  return ::testing::ResultOf(
      [](const std::vector<std::string>& row) {
        const size_t n = std::min(sizeof...(Cells), row.size());
        return std::vector<std::string>(row.begin(), row.begin() + n);
      },
      ElementsAre(cells...));
}

// This year's first and last day, as the server dates awards: in China
// Standard Time, UTC+8, whatever the machine's zone.
std::pair<std::string, std::string> ThisYear() {
  const std::string year =
      absl::FormatTime("%Y", absl::Now(), absl::FixedTimeZone(8 * 3600));
  return {year + "-01-01", year + "-12-31"};
}

// What a township's points desk works with, made with the CLI: a rule of
// 10 points capped at 10 a month, a site serving the village, a good of 3
// points with 20 in stock, and two households of the village.
struct Desk {
  Register made;
  std::string second_household;
  std::string rule;
  std::string site;
  std::string good;
};

class CliDeskTest : public CliTest {
 protected:
  Desk OpenDesk() {
    Desk desk;
    desk.made = MakeCountyToTeam();
    desk.second_household = MustMake(
        {"household", "create", "--village=" + NumberOf(desk.made.village),
         "--number=0013", "--address=东村3组13号", "--head_name=李芳"});
    desk.rule =
        MustMake({"rule", "publish", "--unit=" + desk.made.township,
                  "--code=HYG-01", "--display_name=庭院卫生",
                  "--category=hygiene", "--points=10", "--cap_period=month",
                  "--cap_points=10", "--valid_from=" + ThisYear().first});
    desk.site = MustMake({"site", "create", "--unit=" + desk.made.township,
                          "--display_name=龙泉镇积分超市",
                          "--villages=" + NumberOf(desk.made.village)});
    desk.good =
        MustMake({"good", "add", "--site=" + NumberOf(desk.site),
                  "--display_name=洗衣皂", "--measure=块", "--price=3"});
    MustMake({"stock", "in", desk.good, "--quantity=20", "--kind=donation",
              "--note=爱心企业捐赠"});
    return desk;
  }

  // Writes `text` to a file in the output folder; its path.
  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = output_dir_.path() + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(CliDeskTest, PublishesARuleAndReadsItBackAndReviseMakesVersionTwo) {
  const Desk desk = OpenDesk();
  ASSERT_FALSE(::testing::Test::HasFailure());
  CliRun got = Jiamei({"rule", "get", NumberOf(desk.rule)});
  ASSERT_EQ(got.exit_code, 0) << ::testing::PrintToString(got);
  EXPECT_THAT(got.out, ContainsRegex("code: +HYG-01\n"));
  EXPECT_THAT(got.out, ContainsRegex("category: +hygiene\n"));
  EXPECT_THAT(got.out, ContainsRegex("cap: +10 per month\n"));
  EXPECT_THAT(got.out, ContainsRegex("valid_to: +open\n"));

  CliRun revised = Jiamei({"rule", "revise", desk.rule, "--points=5"});
  ASSERT_EQ(revised.exit_code, 0) << ::testing::PrintToString(revised);
  EXPECT_THAT(revised.out, ContainsRegex("version: +2\n"));
  EXPECT_THAT(revised.out, ContainsRegex("points: +5\n"));
  EXPECT_THAT(revised.out, ContainsRegex("display_name: +庭院卫生\n"))
      << "what the flags do not change stays";
  CliRun first = Jiamei({"rule", "get", desk.rule, "--version=1"});
  EXPECT_THAT(first.out, ContainsRegex("points: +10\n"));

  CliRun listed = Jiamei({"rule", "list", "--unit=" + desk.made.village});
  ASSERT_EQ(listed.exit_code, 0) << ::testing::PrintToString(listed);
  EXPECT_THAT(TableRows(listed.out),
              ElementsAre(ElementsAre(
                  desk.rule, "2", desk.made.township, "HYG-01", "hygiene", "5",
                  "10", "per", "month", ThisYear().first + "..", "庭院卫生")));
}

TEST_F(CliDeskTest, AwardsBatchAwardsRedeemsPrintsVoidsAndReports) {
  const Desk desk = OpenDesk();
  ASSERT_FALSE(::testing::Test::HasFailure());
  const std::string household = desk.made.household;

  CliRun award = Jiamei({"award", NumberOf(desk.rule), NumberOf(household),
                         "--note=庭院整洁 11月评比"});
  ASSERT_EQ(award.exit_code, 0) << ::testing::PrintToString(award);
  EXPECT_THAT(award.out, ContainsRegex("points: +10\n"));
  EXPECT_THAT(award.out, ContainsRegex("rule: +" + desk.rule + " v1 HYG-01\n"));
  EXPECT_THAT(award.err, StartsWith("request_id: "));

  // The village's monthly evaluation: the first household got its 10 points
  // of the month already, so its line is refused; the other is accepted.
  const std::string csv = WriteFile(
      "november.csv",
      absl::StrCat("household,rule,note\n", NumberOf(desk.second_household),
                   ",", desk.rule, ",庭院整洁, 垃圾入桶\n\n", household, ",",
                   NumberOf(desk.rule), ",再次评比\n"));
  const std::vector<std::string> batch_args = {"award", "batch", csv,
                                               "--request_id=dongcun-2611"};
  CliRun batch = Jiamei(batch_args);
  ASSERT_EQ(batch.exit_code, 0) << ::testing::PrintToString(batch);
  EXPECT_THAT(
      TableRows(batch.out),
      Contains(ElementsAre("2", "accepted", desk.second_household, desk.rule,
                           "10", "-", "庭院整洁,", "垃圾入桶")));
  EXPECT_THAT(TableRows(batch.out),
              Contains(StartsWithCells("4", "refused", household, desk.rule,
                                       "0", "CAP_REACHED")));
  EXPECT_THAT(batch.out, ContainsRegex("\naccepted: +1\n"));
  EXPECT_THAT(batch.out, ContainsRegex("\nrefused: +1\n"));
  EXPECT_THAT(batch.out, ContainsRegex("\npoints: +10\n"));
  EXPECT_THAT(batch.out, ContainsRegex("\nrequest_id: +dongcun-2611\n"));
  CliRun again = Jiamei(batch_args);
  EXPECT_EQ(again.out, batch.out) << "a retry gets the same answer";

  CliRun redeem = Jiamei({"redeem", "--site=" + NumberOf(desk.site),
                          "--household=" + household, desk.good + "=2"});
  ASSERT_EQ(redeem.exit_code, 0) << ::testing::PrintToString(redeem);
  const std::string redemption = NameIn(redeem.out);
  const std::string receipt_number =
      NumberOf(desk.site) + "-" + NumberOf(redemption);
  EXPECT_THAT(redeem.out,
              ContainsRegex("receipt_number: +" + receipt_number + "\n"));
  EXPECT_THAT(redeem.out, ContainsRegex("total_points: +6\n"));
  EXPECT_THAT(TableUnder(redeem.out, "GOOD "),
              ElementsAre(ElementsAre(desk.good, "1", "2", "3", "6", "洗衣皂",
                                      "(块)")));

  CliRun receipt = Jiamei({"receipt", NumberOf(redemption), "--width=32"});
  ASSERT_EQ(receipt.exit_code, 0) << ::testing::PrintToString(receipt);
  EXPECT_THAT(receipt.out, HasSubstr(receipt_number));
  EXPECT_THAT(receipt.out, HasSubstr("洗衣皂"));
  EXPECT_THAT(receipt.out, ::testing::EndsWith("\n"));

  CliRun voided =
      Jiamei({"redemption", "void", redemption, "--reason=登记错户"});
  ASSERT_EQ(voided.exit_code, 0) << ::testing::PrintToString(voided);
  EXPECT_THAT(voided.out, ContainsRegex("state: +voided\n"));
  EXPECT_THAT(voided.out, ContainsRegex("void_reason: +登记错户\n"));

  // SEQ TIME KIND CHANGE STOCK OPERATOR NOTE, newest first.
  CliRun stock = Jiamei({"stock", "list", desk.good});
  ASSERT_EQ(stock.exit_code, 0) << ::testing::PrintToString(stock);
  EXPECT_THAT(TableRows(stock.out),
              ElementsAre(ElementsAre(_, _, "void", "+2", "20", "operators/1",
                                      redemption),
                          ElementsAre(_, _, "redemption", "-2", "18",
                                      "operators/1", redemption),
                          ElementsAre(_, _, "donation", "+20", "20",
                                      "operators/1", "爱心企业捐赠")));

  CliRun statement = Jiamei({"statement", NumberOf(household)});
  ASSERT_EQ(statement.exit_code, 0) << ::testing::PrintToString(statement);
  EXPECT_THAT(statement.out, ContainsRegex("balance: +10\n"));
  const auto lines = TableUnder(statement.out, "SEQ ");
  ASSERT_THAT(lines, SizeIs(3)) << statement.out;
  EXPECT_THAT(lines[0], StartsWithCells(_, _, "+6", "10"));
  EXPECT_THAT(lines[1], StartsWithCells(_, _, "-6", "4"));
  EXPECT_THAT(lines[2], StartsWithCells(_, _, "+10", "10"));

  CliRun figures =
      Jiamei({"figures", "--unit=" + desk.made.township,
              "--from=" + ThisYear().first, "--to=" + ThisYear().second});
  ASSERT_EQ(figures.exit_code, 0) << ::testing::PrintToString(figures);
  EXPECT_THAT(figures.out, ContainsRegex("points_issued: +20\n"));
  EXPECT_THAT(figures.out, ContainsRegex("points_redeemed: +0\n"));
  EXPECT_THAT(TableUnder(figures.out, "CATEGORY "),
              ElementsAre(ElementsAre("hygiene", "2", "20")));
}

TEST_F(CliDeskTest, ListsSitesGoodsAndRedemptionsAndRevisesAGood) {
  const Desk desk = OpenDesk();
  ASSERT_FALSE(::testing::Test::HasFailure());
  CliRun sites = Jiamei({"site", "list", "--unit=" + desk.made.county});
  ASSERT_EQ(sites.exit_code, 0) << ::testing::PrintToString(sites);
  EXPECT_THAT(TableRows(sites.out),
              ElementsAre(ElementsAre(desk.site, desk.made.township, _,
                                      desk.made.village, "龙泉镇积分超市")));

  CliRun revised = Jiamei({"good", "revise", desk.good, "--price=4"});
  ASSERT_EQ(revised.exit_code, 0) << ::testing::PrintToString(revised);
  EXPECT_THAT(revised.out, ContainsRegex("version: +2\n"));
  EXPECT_THAT(revised.out, ContainsRegex("stock: +20\n"));
  MustMake({"good", "revise", desk.good, "--active=no"});
  CliRun active = Jiamei({"good", "list", "--site=" + desk.site});
  EXPECT_THAT(TableRows(active.out), IsEmpty()) << active.out;
  CliRun all =
      Jiamei({"good", "list", "--site=" + desk.site, "--include_inactive"});
  EXPECT_THAT(TableRows(all.out),
              ElementsAre(ElementsAre(desk.good, "3", desk.site, "4", "20",
                                      "inactive", "洗衣皂", "(块)")));

  CliRun adjusted = Jiamei({"stock", "adjust", desk.good, "--change=-2",
                            "--kind=damage", "--note=受潮"});
  ASSERT_EQ(adjusted.exit_code, 0) << ::testing::PrintToString(adjusted);
  EXPECT_THAT(adjusted.out, ContainsRegex("stock_after: +18\n"));
  CliRun none = Jiamei({"redemption", "list", "--site=" + desk.site});
  ASSERT_EQ(none.exit_code, 0) << ::testing::PrintToString(none);
  EXPECT_THAT(TableRows(none.out), IsEmpty());
}

TEST_F(CliDeskTest, StocktakeRecordsListsEachDifferenceAndMovesTheStock) {
  const Desk desk = OpenDesk();
  ASSERT_FALSE(::testing::Test::HasFailure());
  const std::string oil =
      MustMake({"good", "add", "--site=" + NumberOf(desk.site),
                "--display_name=食用油", "--measure=瓶", "--price=8"});
  CliRun recorded =
      Jiamei({"stocktake", "record", NumberOf(desk.site), "--counter=王秀英",
              "--reason=月末盘点", NumberOf(desk.good) + "=18", oil + "=0"});
  ASSERT_EQ(recorded.exit_code, 0) << ::testing::PrintToString(recorded);
  const std::string stocktake = NameIn(recorded.out);
  EXPECT_EQ(stocktake, "stocktakes/1");
  EXPECT_THAT(recorded.out, ContainsRegex("counter: +王秀英\n"));
  EXPECT_THAT(recorded.out, ContainsRegex("goods_counted: +2\n"));
  EXPECT_THAT(recorded.out, ContainsRegex("\ndifferences: +1\n"));
  EXPECT_THAT(recorded.out, ContainsRegex("net_change: +-2\n"));
  // GOOD LEDGER COUNTED DIFFERENCE DISPLAY NAME (MEASURE)
  EXPECT_THAT(
      TableUnder(recorded.out, "GOOD "),
      ElementsAre(ElementsAre(desk.good, "20", "18", "-2", "洗衣皂", "(块)")));
  const std::string agreed =
      recorded.out.substr(recorded.out.find("counts that agree:"));
  EXPECT_THAT(TableUnder(agreed, "GOOD "),
              ElementsAre(ElementsAre(oil, "0", "0", "0", "食用油", "(瓶)")));

  CliRun got = Jiamei({"stocktake", "get", "1"});
  ASSERT_EQ(got.exit_code, 0) << ::testing::PrintToString(got);
  EXPECT_EQ(got.out, recorded.out);

  CliRun stock = Jiamei({"stock", "list", desk.good});
  ASSERT_EQ(stock.exit_code, 0) << ::testing::PrintToString(stock);
  ASSERT_THAT(TableRows(stock.out), SizeIs(2)) << stock.out;
  EXPECT_THAT(TableRows(stock.out)[0],
              ElementsAre(_, _, "stocktake", "-2", "18", "operators/1",
                          "stocktakes/1:", "counted", "18,", "the", "ledger",
                          "had", "20"));

  CliRun listed = Jiamei({"stocktake", "list", desk.site});
  ASSERT_EQ(listed.exit_code, 0) << ::testing::PrintToString(listed);
  const auto rows = TableRows(listed.out);
  ASSERT_THAT(rows, SizeIs(1)) << listed.out;
  // STOCKTAKE TIME GOODS DIFFS NET COUNTER
  EXPECT_THAT(rows[0], StartsWithCells(stocktake));
  EXPECT_THAT(std::vector<std::string>(rows[0].end() - 4, rows[0].end()),
              ElementsAre("2", "1", "-2", "王秀英"));

  const v1::Digest before = client_->MustGetDigest();
  CliRun negative =
      Jiamei({"stocktake", "record", desk.site, "--counter=王秀英",
              "--reason=recount", desk.good + "=-1"});
  EXPECT_EQ(negative.exit_code, 1) << ::testing::PrintToString(negative);
  EXPECT_THAT(negative.err, HasSubstr("INVALID_ARGUMENT INVALID_COUNT"));
  CliRun no_lines = Jiamei({"stocktake", "record", desk.site,
                            "--counter=王秀英", "--reason=recount"});
  EXPECT_EQ(no_lines.exit_code, 2) << ::testing::PrintToString(no_lines);
  EXPECT_THAT(no_lines.err, HasSubstr("missing GOOD=COUNT"));
  CliRun not_a_count =
      Jiamei({"stocktake", "record", desk.site, "--counter=王秀英",
              "--reason=recount", desk.good + "=many"});
  EXPECT_EQ(not_a_count.exit_code, 2) << ::testing::PrintToString(not_a_count);
  EXPECT_THAT(not_a_count.err, HasSubstr("is not GOOD=COUNT"));
  CliRun no_counter = Jiamei(
      {"stocktake", "record", desk.site, "--reason=recount", desk.good + "=1"});
  EXPECT_EQ(no_counter.exit_code, 2) << ::testing::PrintToString(no_counter);
  EXPECT_EQ(client_->MustGetDigest().last_sequence(), before.last_sequence());
}

TEST_F(CliDeskTest, RedeemingMorePointsThanTheHouseholdHasExitsOne) {
  const Desk desk = OpenDesk();
  ASSERT_FALSE(::testing::Test::HasFailure());
  const v1::Digest before = client_->MustGetDigest();
  CliRun refused = Jiamei({"redeem", "--site=" + desk.site,
                           "--household=" + desk.made.household,
                           NumberOf(desk.good) + "=1"});
  EXPECT_EQ(refused.exit_code, 1) << ::testing::PrintToString(refused);
  EXPECT_THAT(refused.err,
              HasSubstr("error: FAILED_PRECONDITION INSUFFICIENT_POINTS"));
  EXPECT_THAT(refused.out, IsEmpty());
  EXPECT_EQ(client_->MustGetDigest().last_sequence(), before.last_sequence());
}

TEST_F(CliDeskTest, QueueUploadAppliesEachItemOnceAndTellsRefusedOnes) {
  const Desk desk = OpenDesk();
  ASSERT_FALSE(::testing::Test::HasFailure());
  const std::string now =
      absl::FormatTime(absl::RFC3339_sec, absl::Now(), absl::UTCTimeZone());
  const std::string queue = WriteFile(
      "queue.jsonl",
      absl::StrCat(R"({"award":{"request_id":"desk7-0001","household":")",
                   desk.made.household, R"(","rule":")", desk.rule,
                   R"(","note":"庭院整洁","desk_time":")", now, "\"}}\n",
                   R"({"redeem":{"request_id":"desk7-0002","site":")",
                   desk.site, R"(","household":")", desk.second_household,
                   R"(","lines":[{"good":")", desk.good,
                   R"(","quantity":1}],"desk_time":")", now, "\"}}\n"));
  CliRun upload = Jiamei({"queue", "upload", queue});
  ASSERT_EQ(upload.exit_code, 0) << ::testing::PrintToString(upload);
  const auto rows = TableRows(upload.out);
  ASSERT_THAT(rows, ::testing::SizeIs(::testing::Ge(2))) << upload.out;
  EXPECT_THAT(rows[0], StartsWithCells("1", "desk7-0001", "applied", "-",
                                       ContainsRegex("^transfers/"), "+10"));
  EXPECT_THAT(rows[1], StartsWithCells("2", "desk7-0002", "FAILED_PRECONDITION",
                                       "INSUFFICIENT_POINTS"));
  EXPECT_THAT(upload.out, ContainsRegex("\napplied: +1\nrefused: +1\n"));
  CliRun again = Jiamei({"queue", "upload", queue});
  EXPECT_EQ(again.out, upload.out);
  CliRun statement = Jiamei({"statement", desk.made.household});
  EXPECT_THAT(statement.out, ContainsRegex("balance: +10\n"));
}

TEST_F(CliDeskTest, BadAwardFilesAndQueueFilesExitTwoAndSendNothing) {
  const v1::Digest before = client_->MustGetDigest();
  const std::string csv =
      WriteFile("bad.csv", "households/1,rules/1,ok\nhouseholds/2\n");
  const std::string queue = WriteFile("bad.jsonl", "{\"award\": 3}\n");
  struct Case {
    std::vector<std::string> args;
    std::string stdin_text;
    std::string complaint;
  };
  for (const Case& c : std::vector<Case>{
           {{"award", "batch", csv}, "", csv + ":2: want household,rule,note"},
           {{"award", "batch", "-"}, "# nothing\n", "-: no award lines"},
           {{"award", "batch", output_dir_.path() + "/missing.csv"},
            "",
            "cannot read"},
           {{"queue", "upload", queue}, "", queue + ":1: not a DeskItem"},
       }) {
    CliRun run = Jiamei(c.args, c.stdin_text);
    SCOPED_TRACE(absl::StrJoin(c.args, " "));
    EXPECT_EQ(run.exit_code, 2) << ::testing::PrintToString(run);
    EXPECT_THAT(run.err, HasSubstr(c.complaint));
    EXPECT_THAT(run.out, IsEmpty());
  }
  EXPECT_EQ(client_->MustGetDigest().last_sequence(), before.last_sequence());
}

TEST_F(CliDeskTest, GroupLeadersAwardWaitsIsApprovedAndShowsInHonourAndRanks) {
  const Desk desk = OpenDesk();
  ASSERT_FALSE(::testing::Test::HasFailure());
  const std::string household = desk.made.household;

  CliRun set = Jiamei({"policy", "set", NumberOf(desk.made.township),
                       "--deadline_days=5", "--star_hours=1,2",
                       "--expiry=after_days", "--expiry_days=365"});
  ASSERT_EQ(set.exit_code, 0) << ::testing::PrintToString(set);
  EXPECT_THAT(set.out, ContainsRegex("recording_deadline: +5 working days\n"));
  EXPECT_THAT(set.out, ContainsRegex("expiry: +after_days 365\n"));
  EXPECT_THAT(set.out, ContainsRegex("star_levels: +1,2 h\n"));
  EXPECT_THAT(set.out, ContainsRegex("anonymous_rankings: +inherited\n"));
  CliRun bad =
      Jiamei({"policy", "set", desk.made.village, "--deadline_days=366"});
  EXPECT_EQ(bad.exit_code, 1) << ::testing::PrintToString(bad);
  EXPECT_THAT(bad.err, HasSubstr("INVALID_DEADLINE"));
  CliRun got = Jiamei({"policy", "get", desk.made.village});
  ASSERT_EQ(got.exit_code, 0) << ::testing::PrintToString(got);
  EXPECT_THAT(got.out, ContainsRegex("own_policy: +none: all inherited\n"));
  EXPECT_THAT(
      TableUnder(got.out, "SETTING"),
      ElementsAre(
          ElementsAre("recording_deadline", "-", "5", "working", "days",
                      desk.made.township),
          ElementsAre("expiry", "-", "after_days", "365", desk.made.township),
          ElementsAre("star_levels", "-", "1,2", "h", desk.made.township),
          ElementsAre("anonymous_rankings", "-", "no", "default")));

  MustMake({"operator", "create", "--login=dongcun.leader",
            "--display_name=东村小组长", "--role=group_leader",
            "--scope=" + desk.made.village},
           "leader password 1\n");
  const std::string admin = token_;
  token_ = LogIn("dongcun.leader", "leader password 1");
  CliRun proposed = Jiamei(
      {"award", NumberOf(desk.rule), NumberOf(household), "--note=庭院整洁"});
  ASSERT_EQ(proposed.exit_code, 0) << ::testing::PrintToString(proposed);
  EXPECT_THAT(proposed.out, ContainsRegex("approval: +approvals/1\n"));
  EXPECT_THAT(proposed.out,
              ContainsRegex("points: +none yet: waiting for approval\n"));
  EXPECT_THAT(proposed.out, Not(HasSubstr("transfer:")));
  // A week-old event needs a reason.
  const std::string week_ago =
      absl::FormatTime("%Y-%m-%d", absl::Now() - absl::Hours(24 * 8),
                       absl::FixedTimeZone(8 * 3600));
  CliRun late = Jiamei({"award", NumberOf(desk.rule), NumberOf(household),
                        "--note=庭院整洁", "--event_date=" + week_ago});
  EXPECT_EQ(late.exit_code, 1) << ::testing::PrintToString(late);
  EXPECT_THAT(late.err, HasSubstr("LATE_REASON_REQUIRED"));
  token_ = admin;

  CliRun pending =
      Jiamei({"approval", "list", desk.made.village, "--state=pending"});
  ASSERT_EQ(pending.exit_code, 0) << ::testing::PrintToString(pending);
  EXPECT_THAT(TableRows(pending.out),
              ElementsAre(StartsWithCells("approvals/1", "pending",
                                          desk.made.village)));
  CliRun approved = Jiamei({"approval", "approve", "1", "--note=核实"});
  ASSERT_EQ(approved.exit_code, 0) << ::testing::PrintToString(approved);
  EXPECT_THAT(approved.out, ContainsRegex("state: +approved\n"));
  EXPECT_THAT(approved.out, ContainsRegex("note: +核实\n"));
  EXPECT_THAT(approved.out, ContainsRegex("decider: +operators/1\n"));
  CliRun twice = Jiamei({"approval", "reject", "1", "--note=重复"});
  EXPECT_EQ(twice.exit_code, 1) << ::testing::PrintToString(twice);
  EXPECT_THAT(twice.err, HasSubstr("ALREADY_DECIDED"));
  CliRun no_note = Jiamei({"approval", "reject", "1"});
  EXPECT_EQ(no_note.exit_code, 2) << ::testing::PrintToString(no_note);

  CliRun honour = Jiamei({"honour", household});
  ASSERT_EQ(honour.exit_code, 0) << ::testing::PrintToString(honour);
  EXPECT_THAT(honour.out, ContainsRegex("score: +10\n"));
  CliRun json = Jiamei({"--json", "honour", household});
  ASSERT_EQ(json.exit_code, 0) << ::testing::PrintToString(json);
  v1::Honour parsed;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(json.out, &parsed).ok())
      << json.out;
  EXPECT_EQ(parsed.score(), 10);

  const auto [from, to] = ThisYear();
  CliRun ranked =
      Jiamei({"rankings", desk.made.township, "--subject=households",
              "--measure=honour", "--from=" + from, "--to=" + to});
  ASSERT_EQ(ranked.exit_code, 0) << ::testing::PrintToString(ranked);
  EXPECT_THAT(ranked.out, ContainsRegex("anonymous: +no\n"));
  EXPECT_THAT(TableUnder(ranked.out, "RANK"),
              ElementsAre(ElementsAre("1", "10", desk.made.village, household,
                                      "王秀英")));
  CliRun wrong = Jiamei({"rankings", desk.made.township, "--subject=families",
                         "--measure=honour", "--from=" + from, "--to=" + to});
  EXPECT_EQ(wrong.exit_code, 2) << ::testing::PrintToString(wrong);
  EXPECT_THAT(wrong.err, HasSubstr("--subject must be households or "
                                   "volunteers, not 'families'"));

  // A deduction takes what the balance covers; the rest is its shortfall.
  const std::string deduction = MustMake(
      {"rule", "publish", "--unit=" + desk.made.village, "--code=LITTER",
       "--display_name=乱倒垃圾", "--category=hygiene", "--points=30",
       "--valid_from=" + from, "--deduction"});
  CliRun rule = Jiamei({"rule", "get", deduction});
  EXPECT_THAT(rule.out, ContainsRegex("points: +30 \\(deduction\\)\n"));
  CliRun deducted =
      Jiamei({"award", deduction, household, "--note=河边倒垃圾"});
  ASSERT_EQ(deducted.exit_code, 0) << ::testing::PrintToString(deducted);
  EXPECT_THAT(deducted.out, ContainsRegex("points: +-10\n"));
  EXPECT_THAT(deducted.out, ContainsRegex("deduction: +yes\n"));
  EXPECT_THAT(deducted.out, ContainsRegex("shortfall: +20\n"));
  EXPECT_THAT(Jiamei({"honour", household}).out,
              ContainsRegex("score: +-20\n"));
}

TEST_F(CliDeskTest, JsonOfAnAwardBatchParses) {
  const Desk desk = OpenDesk();
  ASSERT_FALSE(::testing::Test::HasFailure());
  CliRun batch = Jiamei({"--json", "award", "batch", "-"},
                        desk.made.household + "," + desk.rule + ",庭院整洁\n");
  ASSERT_EQ(batch.exit_code, 0) << ::testing::PrintToString(batch);
  v1::AwardBatchResponse response;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(batch.out, &response).ok())
      << batch.out;
  EXPECT_EQ(response.accepted(), 1);
  EXPECT_EQ(response.points(), 10);
}

}  // namespace
}  // namespace jiamei::testing

namespace jiamei::testing {
namespace {

// One activity through the CLI: created, opened, the volunteer signed up
// and checked in and out by the organiser, closed, confirmed with an
// adjustment, then a certificate and its verification.
TEST_F(CliTest, RunsAnActivityFromCreationToAVerifiedCertificate) {
  const Register made = MakeCountyToTeam();
  const absl::Time now = absl::Now();
  const auto at = [](absl::Time t) {
    return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
  };
  const std::string activity =
      MustMake({"activity", "create", "--unit=" + NumberOf(made.village),
                "--title=清洁村庄", "--category=environment_cleanup",
                "--place=文化广场", "--start=" + at(now - absl::Minutes(10)),
                "--end=" + at(now + absl::Minutes(110)), "--capacity=5",
                "--points_per_hour=10"});
  ASSERT_THAT(activity, ::testing::StartsWith("activities/"));
  EXPECT_EQ(Jiamei({"activity", "open", activity}).exit_code, 0);
  EXPECT_EQ(Jiamei({"signup", activity, made.volunteer}).exit_code, 0);
  EXPECT_EQ(Jiamei({"activity", "start", activity}).exit_code, 0);
  EXPECT_EQ(
      Jiamei({"checkin", "organiser", activity, made.volunteer}).exit_code, 0);
  CliRun out = Jiamei({"checkout", "organiser", activity, made.volunteer});
  EXPECT_THAT(out.out, ContainsRegex("organiser"));
  EXPECT_EQ(Jiamei({"activity", "close", activity}).exit_code, 0);
  CliRun confirmed =
      Jiamei({"hours", "confirm", activity, NumberOf(made.volunteer) + "=90"});
  ASSERT_EQ(confirmed.exit_code, 0) << ::testing::PrintToString(confirmed);
  EXPECT_THAT(confirmed.out, ContainsRegex("1.5 h +15 "));
  EXPECT_THAT(confirmed.out, ContainsRegex("points: +15\n"));
  CliRun again = Jiamei({"hours", "confirm", activity});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, ContainsRegex("ALREADY_CONFIRMED"));
  const std::string year = absl::FormatTime("%Y", now, absl::UTCTimeZone());
  CliRun certificate =
      Jiamei({"certificate", made.volunteer, "--from=" + year + "-01-01",
              "--to=" + year + "-12-31"});
  ASSERT_EQ(certificate.exit_code, 0) << ::testing::PrintToString(certificate);
  EXPECT_THAT(certificate.out,
              ContainsRegex("清洁村庄 +文化广场 +1.5 小时 +组织单位：东村"));
  const size_t code_at = certificate.out.find("Verification code: ");
  ASSERT_NE(code_at, std::string::npos);
  const std::string code = certificate.out.substr(
      code_at + 19, certificate.out.find('\n', code_at) - code_at - 19);
  EXPECT_THAT(Jiamei({"certificate", "verify", code}).out,
              ContainsRegex("^GENUINE"));
  EXPECT_THAT(Jiamei({"certificate", "verify", "1-0000000000000000"}).out,
              ContainsRegex("NOT GENUINE"));
  EXPECT_EQ(Jiamei({"hours", "confirm", activity, "volunteers/x"}).exit_code,
            2);
}

TEST_F(CliTest, IssuesPaperCardsRedeemsOneVoidsOneAndListsThemByState) {
  const Register made = MakeCountyToTeam();
  ASSERT_FALSE(::testing::Test::HasFailure());
  CliRun issued = Jiamei({"card", "issue", NumberOf(made.township), "--count=3",
                          "--points=20", "--note=无手机户 3月"});
  ASSERT_EQ(issued.exit_code, 0) << ::testing::PrintToString(issued);
  EXPECT_THAT(issued.out, ContainsRegex("count: +3\n"));
  EXPECT_THAT(issued.out, ContainsRegex("points: +20 each\n"));
  const auto cards = TableUnder(issued.out, "CARD ");
  ASSERT_THAT(cards, SizeIs(3)) << issued.out;
  for (const auto& row : cards) {
    ASSERT_THAT(row, SizeIs(3));
    EXPECT_THAT(row[1],
                ::testing::MatchesRegex(NumberOf(row[0]) + "-[0-9]{6}"));
    EXPECT_EQ(row[2], "20");
  }

  CliRun redeemed =
      Jiamei({"card", "redeem", cards[0][1], NumberOf(made.household)});
  ASSERT_EQ(redeemed.exit_code, 0) << ::testing::PrintToString(redeemed);
  EXPECT_THAT(redeemed.out, ContainsRegex("state: +redeemed\n"));
  EXPECT_THAT(redeemed.out, ContainsRegex("household: +" + made.household));
  CliRun again =
      Jiamei({"card", "redeem", cards[0][1], NumberOf(made.household)});
  EXPECT_EQ(again.exit_code, 1) << ::testing::PrintToString(again);
  EXPECT_THAT(again.err,
              HasSubstr("error: FAILED_PRECONDITION CARD_ALREADY_USED: "));
  std::string forged = cards[2][1];
  forged.back() = forged.back() == '0' ? '1' : '0';
  CliRun wrong = Jiamei({"card", "redeem", forged, made.household});
  EXPECT_EQ(wrong.exit_code, 1) << ::testing::PrintToString(wrong);
  EXPECT_THAT(wrong.err,
              HasSubstr("error: INVALID_ARGUMENT CARD_CODE_MISMATCH: "));

  CliRun voided =
      Jiamei({"card", "void", NumberOf(cards[1][0]), "--reason=卡片遗失"});
  ASSERT_EQ(voided.exit_code, 0) << ::testing::PrintToString(voided);
  EXPECT_THAT(voided.out, ContainsRegex("state: +voided\n"));
  EXPECT_THAT(voided.out, ContainsRegex("void_reason: +卡片遗失\n"));

  CliRun got = Jiamei({"card", "get", cards[0][1]});
  ASSERT_EQ(got.exit_code, 0) << ::testing::PrintToString(got);
  EXPECT_THAT(got.out, ContainsRegex("state: +redeemed\n"));

  // CARD POINTS STATE TRANSFER HOUSEHOLD VOID-REASON
  CliRun outstanding =
      Jiamei({"card", "list", NumberOf(made.township), "--state=outstanding"});
  ASSERT_EQ(outstanding.exit_code, 0) << ::testing::PrintToString(outstanding);
  EXPECT_THAT(TableRows(outstanding.out),
              ElementsAre(ElementsAre(cards[2][0], "20", "outstanding")));
  CliRun all = Jiamei({"card", "list", made.township});
  ASSERT_EQ(all.exit_code, 0) << ::testing::PrintToString(all);
  EXPECT_THAT(
      TableRows(all.out),
      ElementsAre(
          StartsWithCells(cards[0][0], "20", "redeemed", _, made.household),
          StartsWithCells(cards[1][0], "20", "voided", _, "卡片遗失"),
          ElementsAre(cards[2][0], "20", "outstanding")));

  CliRun bad_state = Jiamei({"card", "list", made.township, "--state=lost"});
  EXPECT_EQ(bad_state.exit_code, 2) << ::testing::PrintToString(bad_state);
  CliRun bad_count = Jiamei({"card", "issue", made.township, "--count=many",
                             "--points=20", "--note=x"});
  EXPECT_EQ(bad_count.exit_code, 2) << ::testing::PrintToString(bad_count);
  EXPECT_THAT(bad_count.err, HasSubstr("--count"));
}

}  // namespace
}  // namespace jiamei::testing

namespace jiamei::testing {
namespace {

TEST_F(CliTest, ExportWritesTheRedemptionLedgerAsCsvWithItsTotal) {
  World world(server_);
  v1::SupermarketService::Stub* market = world.admin().market.get();
  ASSERT_THAT(Send(market, &v1::SupermarketService::Stub::AwardPoints,
                   world.AwardRequest(world.household(0), world.rule(0))),
              IsOk());
  ASSERT_THAT(Send(market, &v1::SupermarketService::Stub::Redeem,
                   world.RedeemRequest(world.site(0), world.household(0),
                                       world.good(0, 0), 2)),
              IsOk());
  const std::string out = output_dir_.path() + "/ledger.csv";
  const std::string year =
      absl::FormatTime("%Y", absl::Now(), absl::FixedTimeZone(8 * 3600));
  CliRun run = Jiamei({"export", "redemptions", "--unit=" + world.township(),
                       "--year=" + year, "--format=csv", "--out=" + out});
  ASSERT_EQ(run.exit_code, 0) << ::testing::PrintToString(run);
  EXPECT_THAT(run.out, HasSubstr("积分兑换台账"));
  const std::string csv = ReadFile(out);
  EXPECT_THAT(csv, StartsWith("\xEF\xBB\xBF"));
  EXPECT_THAT(csv, HasSubstr("\r\n合计,,,,,,2,,10,\r\n"));

  run = Jiamei({"export", "ledgers", "--unit=" + world.township(),
                "--year=" + year, "--format=csv", "--out=" + out});
  EXPECT_EQ(run.exit_code, 2) << ::testing::PrintToString(run);
  run = Jiamei({"export", "points", "--unit=" + world.township(),
                "--year=" + year, "--format=pdf", "--out=" + out});
  EXPECT_EQ(run.exit_code, 2) << ::testing::PrintToString(run);
}

TEST_F(CliTest, ExportWritesTheOtherLedgersAndTheStockLedgerTakesASite) {
  World world(server_);
  const std::string year =
      absl::FormatTime("%Y", absl::Now(), absl::FixedTimeZone(8 * 3600));
  const std::string out = output_dir_.path() + "/ledger.xlsx";
  for (const char* ledger : {"activities", "roster", "report", "team-report"}) {
    CliRun run = Jiamei({"export", ledger, "--unit=" + world.township(),
                         "--year=" + year, "--format=xlsx", "--out=" + out});
    EXPECT_EQ(run.exit_code, 0) << ::testing::PrintToString(run);
    EXPECT_THAT(ReadFile(out), StartsWith("PK"));  // a zip: the workbook
  }
  CliRun run = Jiamei({"export", "stock", "--site=" + world.site(0),
                       "--year=" + year, "--format=csv", "--out=" + out});
  ASSERT_EQ(run.exit_code, 0) << ::testing::PrintToString(run);
  EXPECT_THAT(run.out, HasSubstr("库存台账"));
  // The world's 10 soaps came in as a donation.
  EXPECT_THAT(ReadFile(out), HasSubstr(",捐赠入库,10,,10,"));
  run = Jiamei({"export", "stock", "--unit=" + world.township(),
                "--year=" + year, "--format=csv", "--out=" + out});
  EXPECT_EQ(run.exit_code, 2) << ::testing::PrintToString(run);
  run = Jiamei({"export", "roster", "--site=" + world.site(0), "--year=" + year,
                "--format=csv", "--out=" + out});
  EXPECT_EQ(run.exit_code, 2) << ::testing::PrintToString(run);
}

}  // namespace
}  // namespace jiamei::testing
