// The 台账 exports (ExportService.ExportLedger) against the real server: a
// few awards, redemptions and activities of the common world, exported as
// .xlsx and CSV and read back by Python (openpyxl for .xlsx,
// read_export.py): the title, header, 合计 equal to the rows' sum and to
// the server's figures and annual report; the roster masked as the
// register's reads mask it for each role. And the bad inputs and scopes,
// each with its status.
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "clients/export_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jiamei/v1/exports.grpc.pb.h"
#include "jiamei/v1/registry.grpc.pb.h"
#include "jiamei/v1/reports.grpc.pb.h"
#include "jiamei/v1/supermarket.grpc.pb.h"
#include "storage/core/china_time.h"
#include "tests/integration/ledger_client.h"
#include "tests/integration/world.h"

namespace jiamei::testing {
namespace {

using Market = v1::SupermarketService::Stub;

// What read_export.py (run by Debian's /usr/bin/python3, which has
// python3-openpyxl) printed, by key.
std::map<std::string, std::string> ReadBack(const std::string& path) {
  std::map<std::string, std::string> fields;
  const std::string command =
      absl::StrCat(JIAMEI_READ_EXPORT, " '", path, "' 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return fields;
  std::string output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
    output.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0) << output;
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    std::pair<std::string, std::string> kv = absl::StrSplit(line, '\t');
    if (!kv.first.empty()) fields[kv.first] = kv.second;
  }
  return fields;
}

class ExportTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    world_ = std::make_unique<World>(server_);
    year_ = storage::ChinaDay(absl::Now()).year();
    exports_ = v1::ExportService::NewStub(server_.channel());
  }

  // Awards H1 three times, H2 and H3 once (10 points each); H1 redeems 2
  // soaps and H2 one (5 points each).
  void RecordAFewEvents() {
    Market* market = world_->admin().market.get();
    for (int h : {0, 0, 0, 1, 2}) {
      ASSERT_THAT(
          Send(market, &Market::AwardPoints,
               world_->AwardRequest(world_->household(h), world_->rule(0))),
          IsOk());
    }
    for (auto [h, quantity] : {std::pair{0, 2}, std::pair{1, 1}}) {
      ASSERT_THAT(
          Send(market, &Market::Redeem,
               world_->RedeemRequest(world_->site(0), world_->household(h),
                                     world_->good(0, 0), quantity)),
          IsOk());
    }
  }

  v1::ExportLedgerRequest Request(v1::LedgerKind kind,
                                  v1::ExportFormat format) {
    v1::ExportLedgerRequest request;
    request.set_ledger(kind);
    request.set_unit(world_->township());
    request.set_from_date(absl::StrCat(year_, "-01-01"));
    request.set_to_date(absl::StrCat(year_, "-12-31"));
    request.set_format(format);
    return request;
  }

  Reply<v1::ExportFile> Export(const v1::ExportLedgerRequest& request,
                               const std::string& path,
                               v1::ExportService::Stub* stub = nullptr) {
    grpc::ClientContext context;
    Reply<v1::ExportFile> reply;
    int64_t bytes = 0;
    reply.status =
        clients::ReceiveExport(stub ? stub : exports_.get(), &context, request,
                               path, &reply.value, &bytes);
    return reply;
  }

  v1::MarketFigures Figures() {
    v1::GetMarketFiguresRequest request;
    request.set_unit(world_->township());
    request.set_from_date(absl::StrCat(year_, "-01-01"));
    request.set_to_date(absl::StrCat(year_, "-12-31"));
    Reply<v1::MarketFigures> reply =
        Send(world_->admin().market.get(), &Market::GetMarketFigures, request);
    EXPECT_THAT(reply, IsOk());
    return reply.value;
  }

  std::string Title(const std::string& ledger) const {
    return absl::StrCat(world_->unit(Where::kTownship).display_name(),
                        "巾帼家美积分超市", ledger, "（", year_, "年度）");
  }

  v1::AnnualReport Report(const std::string& unit) {
    v1::GetAnnualReportRequest request;
    request.set_unit(unit);
    request.set_year(static_cast<int32_t>(year_));
    Reply<v1::AnnualReport> reply =
        Send(world_->admin().reports.get(),
             &v1::ReportService::Stub::GetAnnualReport, request);
    EXPECT_THAT(reply, IsOk());
    return reply.value;
  }

  // Exports `request` to `name` in the output folder and reads it back;
  // an empty map (and a test failure) when refused.
  std::map<std::string, std::string> ExportAndRead(
      const v1::ExportLedgerRequest& request, const std::string& name,
      v1::ExportService::Stub* stub = nullptr) {
    const std::string path = out_.path() + "/" + name;
    const Reply<v1::ExportFile> reply = Export(request, path, stub);
    EXPECT_THAT(reply, IsOk());
    if (!reply.status.ok()) return {};
    return ReadBack(path);
  }

  std::unique_ptr<World> world_;
  std::unique_ptr<v1::ExportService::Stub> exports_;
  int64_t year_ = 0;
  TempDir out_;
};

TEST_F(ExportTest, RedemptionLedgerInXlsxAndCsvTotalsAsTheFiguresSay) {
  RecordAFewEvents();
  const v1::MarketFigures figures = Figures();
  ASSERT_EQ(figures.points_redeemed(), 15);
  for (v1::ExportFormat format :
       {v1::EXPORT_FORMAT_XLSX, v1::EXPORT_FORMAT_CSV}) {
    const bool xlsx = format == v1::EXPORT_FORMAT_XLSX;
    const std::string path = out_.path() + (xlsx ? "/r.xlsx" : "/r.csv");
    Reply<v1::ExportFile> reply =
        Export(Request(v1::LEDGER_KIND_REDEMPTIONS, format), path);
    ASSERT_THAT(reply, IsOk());
    EXPECT_THAT(reply.value.file_name(),
                ::testing::EndsWith(xlsx ? ".xlsx" : ".csv"));
    std::map<std::string, std::string> sheet = ReadBack(path);
    EXPECT_EQ(sheet["title"], Title("积分兑换台账"));
    EXPECT_THAT(sheet["caption"], ::testing::HasSubstr("期间"));
    EXPECT_EQ(sheet["header"],
              "序号|日期|户号|户主|兑换物品|单位|数量|单价（积分）|积分|"
              "领取人签字");
    EXPECT_EQ(sheet["rows"], "2");
    EXPECT_EQ(sheet["total6"], "3");  // 数量
    EXPECT_EQ(sheet["total8"], sheet["sum8"]);
    EXPECT_EQ(sheet["total8"], std::to_string(figures.points_redeemed()));
    EXPECT_EQ(sheet["numbers_are_numbers"], "1");
    EXPECT_EQ(sheet["footer"], "制表人：");
  }
  // The server's temporary files are gone once streamed.
  EXPECT_TRUE(std::filesystem::is_empty(data_dir_.path() + "/export-tmp"));
}

TEST_F(ExportTest, PointsLedgerTotalsTheAwardsTheFiguresCount) {
  RecordAFewEvents();
  const v1::MarketFigures figures = Figures();
  const std::string path = out_.path() + "/p.xlsx";
  ASSERT_THAT(
      Export(Request(v1::LEDGER_KIND_POINTS, v1::EXPORT_FORMAT_XLSX), path),
      IsOk());
  std::map<std::string, std::string> sheet = ReadBack(path);
  EXPECT_EQ(sheet["title"], Title("积分登记台账"));
  EXPECT_EQ(sheet["header"],
            "序号|日期|户号|户主|积分项目|积分|备注|经办人签字");
  EXPECT_EQ(sheet["rows"], "5");
  EXPECT_EQ(sheet["total5"], sheet["sum5"]);
  EXPECT_EQ(sheet["total5"], std::to_string(figures.points_issued()));
}

TEST_F(ExportTest, AVillageSeesOnlyItsOwnRows) {
  RecordAFewEvents();
  v1::ExportLedgerRequest request =
      Request(v1::LEDGER_KIND_POINTS, v1::EXPORT_FORMAT_CSV);
  request.set_unit(world_->village_b());
  const std::string path = out_.path() + "/b.csv";
  ASSERT_THAT(Export(request, path), IsOk());
  EXPECT_EQ(ReadBack(path)["rows"], "1");  // H3 only
}

TEST_F(ExportTest, BadRequestsAreRefusedByName) {
  const std::string path = out_.path() + "/bad";
  v1::ExportLedgerRequest too_long =
      Request(v1::LEDGER_KIND_POINTS, v1::EXPORT_FORMAT_CSV);
  too_long.set_to_date(absl::StrCat(year_ + 1, "-01-02"));  // 367 days
  EXPECT_THAT(
      Export(too_long, path),
      FailsWith(grpc::StatusCode::INVALID_ARGUMENT, "EXPORT_PERIOD_TOO_LONG"));
  v1::ExportLedgerRequest backwards = too_long;
  backwards.set_from_date(absl::StrCat(year_, "-12-31"));
  backwards.set_to_date(absl::StrCat(year_, "-01-01"));
  EXPECT_THAT(
      Export(backwards, path),
      FailsWith(grpc::StatusCode::INVALID_ARGUMENT, "EXPORT_PERIOD_TOO_LONG"));
  v1::ExportLedgerRequest unknown =
      Request(v1::LEDGER_KIND_POINTS, v1::EXPORT_FORMAT_CSV);
  unknown.set_ledger(static_cast<v1::LedgerKind>(99));
  EXPECT_THAT(Export(unknown, path),
              FailsWith(grpc::StatusCode::INVALID_ARGUMENT, "UNKNOWN_LEDGER"));
  v1::ExportLedgerRequest no_format =
      Request(v1::LEDGER_KIND_POINTS, v1::EXPORT_FORMAT_UNSPECIFIED);
  EXPECT_THAT(
      Export(no_format, path),
      FailsWith(grpc::StatusCode::INVALID_ARGUMENT, "UNKNOWN_EXPORT_FORMAT"));
}

TEST_F(ExportTest, AUnitOutsideTheCallersScopeIsRefused) {
  LoggedIn& desk =
      world_->LogInNew(OperatorPlan("desk-a", v1::ROLE_DESK_OPERATOR));
  auto stub = v1::ExportService::NewStub(desk.channel);
  // Village A's desk: no ledger of its sibling village B, whatever kind.
  for (v1::LedgerKind kind :
       {v1::LEDGER_KIND_POINTS, v1::LEDGER_KIND_REDEMPTIONS,
        v1::LEDGER_KIND_ROSTER, v1::LEDGER_KIND_REPORT,
        v1::LEDGER_KIND_TEAM_REPORT}) {
    v1::ExportLedgerRequest request = Request(kind, v1::EXPORT_FORMAT_CSV);
    request.set_unit(world_->village_b());
    const Reply<v1::ExportFile> reply =
        Export(request, out_.path() + "/scope", stub.get());
    EXPECT_EQ(reply.status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << v1::LedgerKind_Name(kind) << ": " << Describe(reply.status);
    request.set_unit(world_->village_a());
    EXPECT_THAT(Export(request, out_.path() + "/own", stub.get()), IsOk())
        << v1::LedgerKind_Name(kind);
  }
  // Nor the stock of the township's site, whose unit is above its scope.
  v1::ExportLedgerRequest stock =
      Request(v1::LEDGER_KIND_STOCK, v1::EXPORT_FORMAT_CSV);
  stock.clear_unit();
  stock.set_site(world_->site(0));
  EXPECT_EQ(
      Export(stock, out_.path() + "/stock", stub.get()).status.error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  // Activity records are service records: a desk operator reads none.
  v1::ExportLedgerRequest activities =
      Request(v1::LEDGER_KIND_ACTIVITIES, v1::EXPORT_FORMAT_CSV);
  activities.set_unit(world_->village_a());
  EXPECT_EQ(
      Export(activities, out_.path() + "/a", stub.get()).status.error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  // An organiser of village A may export them, but neither village B's nor
  // a stock ledger.
  LoggedIn& organiser =
      world_->LogInNew(OperatorPlan("org-a", v1::ROLE_ORGANIZER));
  auto organiser_stub = v1::ExportService::NewStub(organiser.channel);
  EXPECT_THAT(Export(activities, out_.path() + "/a", organiser_stub.get()),
              IsOk());
  activities.set_unit(world_->village_b());
  EXPECT_EQ(Export(activities, out_.path() + "/a", organiser_stub.get())
                .status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Export(stock, out_.path() + "/stock", organiser_stub.get())
                .status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ExportTest, EveryLedgerKeepsThePeriodLimitAndItsTarget) {
  const std::string path = out_.path() + "/bad";
  for (v1::LedgerKind kind :
       {v1::LEDGER_KIND_ACTIVITIES, v1::LEDGER_KIND_ROSTER,
        v1::LEDGER_KIND_STOCK, v1::LEDGER_KIND_REPORT,
        v1::LEDGER_KIND_TEAM_REPORT}) {
    v1::ExportLedgerRequest request = Request(kind, v1::EXPORT_FORMAT_XLSX);
    if (kind == v1::LEDGER_KIND_STOCK) {
      request.clear_unit();
      request.set_site(world_->site(0));
    }
    v1::ExportLedgerRequest too_long = request;
    too_long.set_to_date(absl::StrCat(year_ + 1, "-01-02"));  // 367 days
    EXPECT_THAT(
        Export(too_long, path),
        FailsWith(grpc::StatusCode::INVALID_ARGUMENT, "EXPORT_PERIOD_TOO_LONG"))
        << v1::LedgerKind_Name(kind);
    // The stock ledger takes a site and no unit; the others the reverse.
    v1::ExportLedgerRequest both = request;
    both.set_unit(world_->township());
    both.set_site(world_->site(0));
    EXPECT_THAT(
        Export(both, path),
        FailsWith(grpc::StatusCode::INVALID_ARGUMENT, "EXPORT_TARGET_MISMATCH"))
        << v1::LedgerKind_Name(kind);
  }
  v1::ExportLedgerRequest no_site =
      Request(v1::LEDGER_KIND_STOCK, v1::EXPORT_FORMAT_CSV);
  no_site.clear_unit();
  EXPECT_THAT(Export(no_site, path),
              FailsWith(grpc::StatusCode::INVALID_ARGUMENT, "INVALID_NAME"));
  no_site.set_site("sites/999");
  EXPECT_EQ(Export(no_site, path).status.error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(ExportTest, ActivityRecordsTotalThePersonTimesAndMinutesOfTheReport) {
  const std::string v0 = world_->volunteer(0), v1 = world_->volunteer(1);
  world_->HoldActivity(world_->township(), "", {{v0, 60}, {v1, 90}});
  world_->HoldActivity(world_->village_a(), "", {{v1, 30}});
  // The county's activity is above the township: not in its records.
  world_->HoldActivity(world_->county(), "", {{v0, 120}});
  const v1::ReportFigures total = Report(world_->township()).total();
  ASSERT_EQ(total.person_times(), 3);
  for (v1::ExportFormat format :
       {v1::EXPORT_FORMAT_XLSX, v1::EXPORT_FORMAT_CSV}) {
    std::map<std::string, std::string> sheet =
        ExportAndRead(Request(v1::LEDGER_KIND_ACTIVITIES, format),
                      format == v1::EXPORT_FORMAT_XLSX ? "a.xlsx" : "a.csv");
    EXPECT_EQ(sheet["title"],
              absl::StrCat(world_->unit(Where::kTownship).display_name(),
                           "巾帼志愿服务活动记录（", year_, "年度）"));
    EXPECT_EQ(sheet["header"],
              "序号|日期|组织单位|活动名称|地点|志愿者|签到|签退|人次|"
              "服务时长（分钟）|组织者签字");
    EXPECT_EQ(sheet["rows"], "3");
    EXPECT_EQ(sheet["total8"], std::to_string(total.person_times()));
    EXPECT_EQ(sheet["total9"], std::to_string(total.service_minutes()));
    EXPECT_EQ(sheet["total9"], sheet["sum9"]);
    EXPECT_EQ(sheet["total9"], "180");
    EXPECT_EQ(sheet["numbers_are_numbers"], "1");
    // The first attendance: H1's head, at the township's activity.
    EXPECT_THAT(sheet["row1"],
                ::testing::HasSubstr("|清洁村庄|东村文化广场|王秀英|"));
    EXPECT_THAT(sheet["row1"], ::testing::EndsWith("|1|60|"));
  }
}

TEST_F(ExportTest, TheRosterMasksPersonalDataAsTheRegistersReadsDo) {
  HouseholdPlan plan;
  plan.number = "0009";
  plan.head = "赵红";
  plan.phone = "13812345678";
  plan.resident_id = "11010519491231002X";
  const v1::Household made = world_->MakeHousehold(plan);
  v1::SetHouseholdCareRequest care;
  care.set_request_id(world_->NewId());
  care.set_name(made.name());
  care.add_care_categories("LEFT_BEHIND_CHILDREN");
  ASSERT_THAT(Send(world_->admin().registry.get(),
                   &v1::RegistryService::Stub::SetHouseholdCare, care),
              IsOk());
  LoggedIn& desk =
      world_->LogInNew(OperatorPlan("desk-a", v1::ROLE_DESK_OPERATOR));
  LoggedIn& auditor = world_->LogInNew(
      OperatorPlan("auditor-t", v1::ROLE_AUDITOR, Where::kTownship));
  v1::ExportLedgerRequest request =
      Request(v1::LEDGER_KIND_ROSTER, v1::EXPORT_FORMAT_XLSX);
  request.set_unit(world_->village_a());
  // Village A: H1 (3 people), H2 (1) and 0009 (1).
  struct Case {
    const char* who;
    std::shared_ptr<grpc::Channel> channel;
    v1::RegistryService::Stub* registry;
    const char* resident_id;
    const char* phone;
    const char* care;
  };
  const Case cases[] = {
      {"admin", server_.channel(), world_->admin().registry.get(),
       "11010519491231002X", "13812345678", "留守儿童 left-behind children"},
      {"desk", desk.channel, desk.stubs.registry.get(), "1101**********002X",
       "13812345678", ""},
      {"auditor", auditor.channel, auditor.stubs.registry.get(),
       "1101**********002X", "138****5678", "留守儿童 left-behind children"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.who);
    auto stub = v1::ExportService::NewStub(c.channel);
    std::map<std::string, std::string> sheet =
        ExportAndRead(request, absl::StrCat(c.who, ".xlsx"), stub.get());
    EXPECT_EQ(sheet["header"],
              "序号|户号|姓名|户主|性别|出生年份|身份证号|联系电话|地址|"
              "关爱类别|核对人签字");
    EXPECT_EQ(sheet["rows"], "5");
    EXPECT_EQ(sheet["total_row"], "合计|3户|5人||||||||");
    EXPECT_EQ(sheet["row5"],
              absl::StrCat("5|0009|赵红|是|||", c.resident_id, "|", c.phone,
                           "|东村3组|", c.care, "|"));
    // Exactly what GetHousehold shows the same caller.
    v1::GetHouseholdRequest get;
    get.set_name(made.name());
    Reply<v1::Household> shown =
        Send(c.registry, &v1::RegistryService::Stub::GetHousehold, get);
    ASSERT_THAT(shown, IsOk());
    ASSERT_EQ(shown.value.members_size(), 1);
    EXPECT_EQ(shown.value.members(0).resident_id(), c.resident_id);
    EXPECT_EQ(shown.value.members(0).phone(), c.phone);
    EXPECT_EQ(shown.value.care_categories_size(), c.care[0] ? 1 : 0);
  }
}

TEST_F(ExportTest, StockLedgerRunsTheStockAndTotalsWhatTheReportHandedOut) {
  RecordAFewEvents();
  const v1::ReportFigures total = Report(world_->township()).total();
  ASSERT_EQ(total.goods_handed_out_size(), 1);
  v1::ExportLedgerRequest request =
      Request(v1::LEDGER_KIND_STOCK, v1::EXPORT_FORMAT_CSV);
  request.clear_unit();
  request.set_site(world_->site(0));
  for (v1::ExportFormat format :
       {v1::EXPORT_FORMAT_XLSX, v1::EXPORT_FORMAT_CSV}) {
    request.set_format(format);
    std::map<std::string, std::string> sheet = ExportAndRead(
        request, format == v1::EXPORT_FORMAT_XLSX ? "s.xlsx" : "s.csv");
    EXPECT_EQ(sheet["title"],
              absl::StrCat(world_->sites()[0].site.display_name(), "库存台账（",
                           year_, "年度）"));
    EXPECT_EQ(sheet["header"],
              "序号|日期|物品|单位|摘要|入库|出库|结存|备注|经办人签字");
    // The world's 10 soaps donated, then H1's 2 and H2's 1 redeemed.
    EXPECT_EQ(sheet["rows"], "3");
    EXPECT_THAT(sheet["row1"],
                ::testing::HasSubstr("|洗衣皂|件|捐赠入库|10||10|"));
    EXPECT_THAT(sheet["row2"], ::testing::HasSubstr("|兑换出库||2|8|户号 "));
    EXPECT_THAT(sheet["row3"], ::testing::HasSubstr("|兑换出库||1|7|"));
    EXPECT_EQ(sheet["total5"], "10");
    EXPECT_EQ(sheet["total6"],
              std::to_string(total.goods_handed_out(0).quantity()));
    EXPECT_EQ(sheet["numbers_are_numbers"], "1");
  }
  // What is left is what the report has on hand.
  ASSERT_EQ(total.stock_on_hand_size(), 1);
  EXPECT_EQ(total.stock_on_hand(0).quantity(), 10 - 3);
}

TEST_F(ExportTest, ReportSheetsSayWhatGetAnnualReportSays) {
  RecordAFewEvents();
  const std::string team = world_->MakeTeam(
      world_->township(), world_->volunteer(0), {world_->volunteer(1)});
  world_->HoldActivity(
      world_->township(), team,
      {{world_->volunteer(0), 60}, {world_->volunteer(1), 45}});
  world_->HoldActivity(world_->village_a(), "", {{world_->volunteer(0), 30}});
  const v1::AnnualReport report = Report(world_->township());
  // The columns after 序号 and the row's name, as report_sheet.cc fills them.
  auto figures = [](const v1::ReportFigures& f) {
    int64_t by_rules = 0;
    for (const v1::CategoryPoints& c : f.issued_by_category()) {
      by_rules += c.points();
    }
    return std::vector<int64_t>{f.activities_held(),
                                f.person_times(),
                                f.distinct_volunteers(),
                                f.service_minutes(),
                                f.households_credited(),
                                f.people_credited(),
                                by_rules,
                                f.points_service(),
                                f.points_cards(),
                                f.points_adjusted(),
                                f.points_issued(),
                                f.points_deducted(),
                                f.points_expired(),
                                f.points_redeemed(),
                                f.redemption_events(),
                                f.redemption_person_times(),
                                f.households_redeemed(),
                                f.people_redeemed()};
  };
  for (v1::LedgerKind kind :
       {v1::LEDGER_KIND_REPORT, v1::LEDGER_KIND_TEAM_REPORT}) {
    SCOPED_TRACE(v1::LedgerKind_Name(kind));
    const bool teams = kind == v1::LEDGER_KIND_TEAM_REPORT;
    std::map<std::string, std::string> sheet =
        ExportAndRead(Request(kind, v1::EXPORT_FORMAT_XLSX), "r.xlsx");
    const auto& rows = teams ? report.teams() : report.units();
    const v1::ReportFigures& total =
        teams ? report.teams_total() : report.total();
    ASSERT_EQ(sheet["rows"], std::to_string(rows.size()));
    EXPECT_THAT(sheet["header"],
                ::testing::StartsWith(teams ? "序号|志愿服务队|开展活动|"
                                            : "序号|单位|开展活动|参与人次|"));
    const std::vector<int64_t> want = figures(total);
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(sheet[absl::StrCat("total", i + 2)], std::to_string(want[i]))
          << "column " << i + 2;
    }
    for (int r = 0; r < rows.size(); ++r) {
      std::vector<std::string> cells = {std::to_string(r + 1),
                                        rows[r].display_name()};
      for (int64_t v : figures(rows[r])) cells.push_back(std::to_string(v));
      cells.push_back("");
      EXPECT_EQ(sheet[absl::StrCat("row", r + 1)], absl::StrJoin(cells, "|"));
    }
  }
  EXPECT_EQ(report.total().points_redeemed(), 15);
  EXPECT_EQ(report.teams_total().person_times(), 2);
}

}  // namespace
}  // namespace jiamei::testing
