// The 台账 exports (ExportService.ExportLedger) against the real server: a
// few awards and redemptions of the common world, exported as .xlsx and
// CSV and read back by Python (openpyxl for .xlsx, read_export.py): the
// title, header, 合计 equal to the rows' sum and to the server's figures.
// And the bad inputs, each with its status.
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "clients/export_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jiamei/v1/exports.grpc.pb.h"
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
  v1::ExportLedgerRequest request =
      Request(v1::LEDGER_KIND_REDEMPTIONS, v1::EXPORT_FORMAT_CSV);
  request.set_unit(world_->village_b());
  const Reply<v1::ExportFile> reply =
      Export(request, out_.path() + "/scope", stub.get());
  EXPECT_EQ(reply.status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << Describe(reply.status);
  request.set_unit(world_->village_a());
  EXPECT_THAT(Export(request, out_.path() + "/own", stub.get()), IsOk());
}

}  // namespace
}  // namespace jiamei::testing
