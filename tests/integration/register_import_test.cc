// Register imports over gRPC against the real server (RegistryService.
// ImportRegister, a stream of the file's parts): a dry run that lists every
// problem by row and column and writes nothing, an import applied once by
// its request id in one entry per 500 households, files as Excel and WPS
// save them (UTF-8 with a byte order mark, GB18030), and every bad file or
// stream of the issue refused with its reason while the digest stays put.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/import_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jiamei/v1/registry.grpc.pb.h"
#include "tests/integration/ledger_client.h"
#include "tests/integration/world.h"

namespace jiamei::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr grpc::StatusCode kInvalid = grpc::StatusCode::INVALID_ARGUMENT;

constexpr char kHeader[] = "序号,户号,地址,姓名,与户主关系,身份证号,电话\r\n";

// A file of `households` households numbered I00001..., each a head and
// one more person, with a byte order mark as Excel's "CSV UTF-8" saves it.
std::string RegisterFile(int households) {
  std::string csv = absl::StrCat("\xEF\xBB\xBF", kHeader);
  for (int i = 1; i <= households; ++i) {
    const std::string number = absl::StrFormat("I%05d", i);
    absl::StrAppend(&csv, 2 * i - 1, ",", number, ",东村", i, "号,户主", i,
                    ",户主,,\r\n", 2 * i, ",", number, ",,家人", i,
                    ",妻,,1380000", absl::StrFormat("%04d", i % 10000), "\r\n");
  }
  return csv;
}

void ExpectRefused(const Reply<v1::ImportRegisterResponse>& reply,
                   const std::string& reason) {
  EXPECT_THAT(reply, FailsWith(kInvalid, reason));
}

class RegisterImportTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    WorldPlan plan;
    plan.rules.clear();
    plan.sites.clear();
    plan.operators = {{"desk-a", v1::ROLE_DESK_OPERATOR, Where::kVillageA},
                      {"desk-b", v1::ROLE_DESK_OPERATOR, Where::kVillageB}};
    world_ = std::make_unique<World>(server_, plan);
  }

  // Sends `file` as `login` (the admin for "") to `village` (village A for
  // "").
  Reply<v1::ImportRegisterResponse> Import(const std::string& file,
                                           bool dry_run,
                                           const std::string& request_id = "",
                                           const std::string& village = "",
                                           const std::string& login = "") {
    v1::ImportRegisterRequest first;
    first.set_village(village.empty() ? world_->village_a() : village);
    first.set_dry_run(dry_run);
    first.set_request_id(request_id.empty() && !dry_run ? world_->NewId()
                                                        : request_id);
    Stubs& stubs = login.empty() ? world_->admin() : world_->op(login).stubs;
    Reply<v1::ImportRegisterResponse> reply;
    grpc::ClientContext context;
    reply.status = clients::SendRegisterImport(stubs.registry.get(), &context,
                                               first, file, &reply.value);
    return reply;
  }

  // Sends `parts` as they are, the first as given.
  Reply<v1::ImportRegisterResponse> SendRaw(
      const std::vector<v1::ImportRegisterRequest>& parts) {
    Reply<v1::ImportRegisterResponse> reply;
    grpc::ClientContext context;
    auto writer =
        world_->admin().registry->ImportRegister(&context, &reply.value);
    for (const v1::ImportRegisterRequest& part : parts) {
      if (!writer->Write(part)) break;
    }
    writer->WritesDone();
    reply.status = writer->Finish();
    return reply;
  }

  v1::Household GetHousehold(const std::string& name) {
    v1::GetHouseholdRequest request;
    request.set_name(name);
    v1::Household household;
    grpc::ClientContext context;
    EXPECT_TRUE(world_->admin()
                    .registry->GetHousehold(&context, request, &household)
                    .ok());
    return household;
  }

  std::unique_ptr<World> world_;
};

TEST_F(RegisterImportTest,
       DryRunListsEveryProblemByRowAndColumnAndWritesNothing) {
  Mark();
  const std::string file = absl::StrCat(
      kHeader,
      "1,0001,东村1号,王大,户主,,\r\n"                  // 0001 is H1's number
      "2,N1,东村2号,刘芳,户主,110105194912310021,\r\n"  // bad check digit
      "3,N2,东村3号,陈刚,子,,12\r\n"                    // no head, bad phone
      "4,N3,东村4号,赵敏,户主,11010519491231002X,\r\n"
      "5,N4,东村5号,钱红,户主,11010519491231002X,\r\n");  // ID given twice
  const Reply<v1::ImportRegisterResponse> reply = Import(file, true);
  ASSERT_TRUE(reply.status.ok()) << reply.status.error_message();
  EXPECT_TRUE(reply.value.dry_run());
  EXPECT_EQ(reply.value.encoding(), "UTF-8");
  EXPECT_EQ(reply.value.rows(), 5);
  EXPECT_EQ(reply.value.households(), 5);
  EXPECT_THAT(reply.value.ignored_columns(), ElementsAre("序号"));
  std::vector<std::string> problems;
  for (const v1::ImportProblem& p : reply.value.problems()) {
    problems.push_back(absl::StrCat(p.row(), " ", p.column(), " ", p.reason()));
  }
  EXPECT_THAT(problems, ElementsAre("2 户号 DUPLICATE_HOUSEHOLD_NUMBER",
                                    "3 身份证号 INVALID_RESIDENT_ID",
                                    "4 电话 INVALID_PHONE",
                                    "4 与户主关系 HOUSEHOLD_ROWS_DISAGREE",
                                    "6 身份证号 DUPLICATE_RESIDENT_ID"));
  EXPECT_EQ(reply.value.problem_count(), 5);
  // The same file imported is refused whole.
  const Reply<v1::ImportRegisterResponse> imported = Import(file, false);
  EXPECT_THAT(imported, FailsWith(kInvalid, "IMPORT_HAS_PROBLEMS"));
  EXPECT_THAT(imported.status.error_message(), HasSubstr("row 2, column 户号"));
  ExpectNothingWritten();
}

TEST_F(RegisterImportTest,
       ImportMakesHouseholdsInOneEntryPer500AndARetryAnswersTheSame) {
  const std::string file = RegisterFile(1200);
  const std::string id = world_->NewId();
  const Reply<v1::ImportRegisterResponse> reply = Import(file, false, id);
  ASSERT_TRUE(reply.status.ok()) << reply.status.error_message();
  EXPECT_EQ(reply.value.encoding(), "UTF-8 with BOM");
  EXPECT_EQ(reply.value.households(), 1200);
  EXPECT_EQ(reply.value.people(), 2400);
  ASSERT_EQ(reply.value.sequences_size(), 3);
  EXPECT_EQ(reply.value.sequences(1), reply.value.sequences(0) + 1);
  EXPECT_EQ(reply.value.sequences(2), reply.value.sequences(0) + 2);

  const v1::Household first = GetHousehold(reply.value.first_household());
  EXPECT_EQ(first.number(), "I00001");
  EXPECT_EQ(first.village(), world_->village_a());
  EXPECT_EQ(first.address(), "东村1号");
  ASSERT_EQ(first.members_size(), 2);
  EXPECT_EQ(first.members(0).name(), first.head());
  EXPECT_EQ(first.members(0).full_name(), "户主1");
  EXPECT_EQ(first.members(1).full_name(), "家人1");
  EXPECT_FALSE(first.account().empty());
  const v1::Household last = GetHousehold(reply.value.last_household());
  EXPECT_EQ(last.number(), "I01200");
  EXPECT_EQ(last.members_size(), 2);

  // A retry (the terminal lost the answer) is answered the same, and
  // writes nothing.
  Mark();
  const Reply<v1::ImportRegisterResponse> again = Import(file, false, id);
  ASSERT_TRUE(again.status.ok()) << again.status.error_message();
  EXPECT_EQ(again.value.first_household(), reply.value.first_household());
  EXPECT_THAT(again.value.sequences(),
              ElementsAre(reply.value.sequences(0), reply.value.sequences(1),
                          reply.value.sequences(2)));
  // The same id with another file is a mistake, said so.
  const Reply<v1::ImportRegisterResponse> other =
      Import(RegisterFile(3), false, id);
  EXPECT_THAT(other,
              FailsWith(grpc::StatusCode::ALREADY_EXISTS, "REQUEST_ID_REUSED"));
  // The same file again under a new id: every number is taken now.
  EXPECT_THAT(Import(file, false),
              FailsWith(grpc::StatusCode::ALREADY_EXISTS, "IMPORT_CONFLICTS"));
  ExpectNothingWritten();
  ExpectCleanAudit();
}

TEST_F(RegisterImportTest,
       Gb18030FileAsExcelSavesCsvOnChineseWindowsIsImported) {
  // "户号,地址,姓名,与户主关系\r\n007,东村3组,刘芳,户主\r\n" in GB18030.
  const std::string gb =
      "\xBB\xA7\xBA\xC5,\xB5\xD8\xD6\xB7,\xD0\xD5\xC3\xFB,"
      "\xD3\xEB\xBB\xA7\xD6\xF7\xB9\xD8\xCF\xB5\r\n"
      "007,\xB6\xAB\xB4\xE5"
      "3\xD7\xE9,\xC1\xF5\xB7\xBC,\xBB\xA7\xD6\xF7\r\n";
  const Reply<v1::ImportRegisterResponse> reply = Import(gb, false);
  ASSERT_TRUE(reply.status.ok()) << reply.status.error_message();
  EXPECT_EQ(reply.value.encoding(), "GB18030");
  const v1::Household household = GetHousehold(reply.value.first_household());
  EXPECT_EQ(household.number(), "007");
  EXPECT_EQ(household.address(), "东村3组");
  ASSERT_EQ(household.members_size(), 1);
  EXPECT_EQ(household.members(0).full_name(), "刘芳");
}

TEST_F(RegisterImportTest,
       BadFilesAreRefusedWithTheirReasonAndNothingIsWritten) {
  Mark();
  std::string too_many = absl::StrCat(kHeader);
  for (int i = 0; i < 100001; ++i) absl::StrAppend(&too_many, ",,,,,,\r\n");
  EXPECT_THAT(Import(too_many, false),
              FailsWith(kInvalid, "IMPORT_TOO_MANY_ROWS"));
  ExpectRefused(Import("户号,姓名\r\n001,张三\r\n", false),
                "IMPORT_MISSING_COLUMNS");
  ExpectRefused(Import(std::string("\xFF\xFE\x37\x62", 4), false),
                "IMPORT_BAD_ENCODING");
  ExpectRefused(Import(absl::StrCat(kHeader, "1,\x81\x20,x,y,z,,\r\n"), false),
                "IMPORT_BAD_ENCODING");
  ExpectRefused(
      Import(absl::StrCat(kHeader, "1,\"N1,东村,张三,户主,,\r\n"), false),
      "IMPORT_BAD_CSV");
  ExpectRefused(Import(absl::StrCat(kHeader, "1,N1,东村,",
                                    std::string(10240, 'x'), ",户主,,\r\n"),
                       false),
                "IMPORT_HAS_PROBLEMS");
  EXPECT_THAT(Import(kHeader, false), FailsWith(kInvalid, "IMPORT_EMPTY"));
  // A village of another desk, and a unit that is no village.
  const Reply<v1::ImportRegisterResponse> other =
      Import(RegisterFile(1), false, "", world_->village_a(), "desk-b");
  EXPECT_EQ(other.status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << other.status.error_message();
  const Reply<v1::ImportRegisterResponse> township =
      Import(RegisterFile(1), false, "", world_->township());
  EXPECT_EQ(township.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << township.status.error_message();
  // No request id for an import; one that is not an id.
  ExpectRefused(Import(RegisterFile(1), false, "bad id!"),
                "INVALID_REQUEST_ID");
  ExpectNothingWritten();
}

TEST_F(RegisterImportTest, StreamsThatLieAboutTheFileAreRefused) {
  Mark();
  v1::ImportRegisterRequest first;
  first.set_request_id(world_->NewId());
  first.set_village(world_->village_a());
  const std::string file = RegisterFile(2);
  first.set_data(file);
  // Cut short, and longer than said.
  first.set_size(static_cast<int64_t>(file.size()) + 10);
  EXPECT_THAT(SendRaw({first}), FailsWith(kInvalid, "IMPORT_STREAM"));
  first.set_size(static_cast<int64_t>(file.size()) - 10);
  EXPECT_THAT(SendRaw({first}), FailsWith(kInvalid, "IMPORT_STREAM"));
  // Over 16 MiB said.
  first.set_size(int64_t{17} << 20);
  EXPECT_THAT(SendRaw({first}), FailsWith(kInvalid, "IMPORT_TOO_LARGE"));
  // A later message that names the import again.
  first.set_size(static_cast<int64_t>(file.size()) * 2);
  v1::ImportRegisterRequest second = first;
  second.clear_size();
  EXPECT_THAT(SendRaw({first, second}), FailsWith(kInvalid, "IMPORT_STREAM"));
  // No message at all.
  EXPECT_EQ(SendRaw({}).status.error_code(), kInvalid);
  ExpectNothingWritten();
}

TEST_F(RegisterImportTest, TheDeskOfTheVillageMayImportIntoIt) {
  const Reply<v1::ImportRegisterResponse> reply =
      Import(RegisterFile(2), false, "", "", "desk-a");
  ASSERT_TRUE(reply.status.ok()) << reply.status.error_message();
  EXPECT_EQ(reply.value.households(), 2);
}

}  // namespace
}  // namespace jiamei::testing
