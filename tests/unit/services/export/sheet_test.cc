// The CSV guard and the ledger layout (services/export), without a server.
#include "services/export/sheet.h"

#include <cstdio>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/export/csv_output.h"
#include "services/export/ledgers.h"

namespace jiamei::services {
namespace {

TEST(CsvFieldTest, PlainTextStaysAsItIs) {
  EXPECT_EQ(CsvField("东村 12号"), "东村 12号");
  EXPECT_EQ(CsvField(""), "");
}

TEST(CsvFieldTest, FormulaStartsArePrefixedWithAQuote) {
  EXPECT_EQ(CsvField("=1+1"), "'=1+1");
  EXPECT_EQ(CsvField("+86"), "'+86");
  EXPECT_EQ(CsvField("-5"), "'-5");
  EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvField("\tx"), "'\tx");
  EXPECT_EQ(CsvField("\rx"), "\"'\rx\"");
  EXPECT_EQ(CsvField("a=b"), "a=b");
}

TEST(CsvFieldTest, CommasQuotesAndLineBreaksAreQuotedRfc4180) {
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("=a,b"), "\"'=a,b\"");
}

TEST(CsvLineTest, NumbersAreBareAndLinesEndInCrLf) {
  EXPECT_EQ(CsvLine({Cell::Number(-30), Cell::Text("-30"), Cell::Text("x")}),
            "-30,'-30,x\r\n");
}

// Keeps every row a LedgerSheet writes.
class RecordingOutput final : public SheetOutput {
 public:
  absl::Status Begin(const SheetLayout&) override { return absl::OkStatus(); }
  absl::Status Row(RowKind kind, const std::vector<Cell>& cells) override {
    kinds.push_back(kind);
    rows.push_back(cells);
    return absl::OkStatus();
  }
  absl::Status Close() override {
    closed = true;
    return absl::OkStatus();
  }
  std::vector<RowKind> kinds;
  std::vector<std::vector<Cell>> rows;
  bool closed = false;
};

TEST(LedgerSheetTest, NumbersRowsAddsSignatureColumnAndTotalsSummedColumns) {
  RecordingOutput out;
  LedgerSheet sheet(
      {"T", "C", {"名称", "积分"}, {false, true}, "领取人签字", {}}, &out);
  ASSERT_TRUE(sheet.Begin().ok());
  ASSERT_TRUE(sheet.Add({Cell::Text("米"), Cell::Number(30)}).ok());
  ASSERT_TRUE(sheet.Add({Cell::Text("油"), Cell::Number(50)}).ok());
  ASSERT_TRUE(sheet.End().ok());
  ASSERT_EQ(out.kinds.size(), 7u);
  EXPECT_EQ(out.kinds[0], RowKind::kTitle);
  EXPECT_EQ(out.rows[0][0].text, "T");
  EXPECT_EQ(out.rows[1][0].text, "C");
  ASSERT_EQ(out.rows[2].size(), 4u);
  EXPECT_EQ(out.rows[2][0].text, "序号");
  EXPECT_EQ(out.rows[2][3].text, "领取人签字");
  EXPECT_TRUE(out.rows[4][0].is_number);
  EXPECT_EQ(out.rows[4][0].number, 2);
  EXPECT_EQ(out.rows[4].size(), 4u);
  EXPECT_EQ(out.kinds[5], RowKind::kTotal);
  EXPECT_EQ(out.rows[5][0].text, "合计");
  EXPECT_FALSE(out.rows[5][1].is_number);
  EXPECT_EQ(out.rows[5][2].number, 80);
  EXPECT_EQ(out.kinds[6], RowKind::kFooter);
  EXPECT_EQ(out.rows[6][0].text, "制表人：");
  EXPECT_TRUE(out.closed);
  EXPECT_EQ(sheet.rows(), 2);
}

TEST(LedgerSheetTest, ASetTotalReplacesTheColumnsSum) {
  RecordingOutput out;
  LedgerSheet sheet({"T", "C", {"户号", "人数"}, {false, true}, "签字", {}},
                    &out);
  ASSERT_TRUE(sheet.Begin().ok());
  ASSERT_TRUE(sheet.Add({Cell::Text("0001"), Cell::Number(3)}).ok());
  ASSERT_TRUE(sheet.Add({Cell::Text("0002"), Cell::Number(2)}).ok());
  sheet.SetTotal(0, Cell::Text("2户"));
  sheet.SetTotal(1, Cell::Number(4));  // a distinct count, not 3 + 2
  sheet.SetTotal(7, Cell::Number(1));  // no such column: ignored
  ASSERT_TRUE(sheet.End().ok());
  ASSERT_EQ(out.kinds[5], RowKind::kTotal);
  ASSERT_EQ(out.rows[5].size(), 4u);
  EXPECT_EQ(out.rows[5][1].text, "2户");
  EXPECT_EQ(out.rows[5][2].number, 4);
  EXPECT_EQ(sheet.total(1), 5);
}

TEST(LedgerTitleTest, AWholeYearIsNamedAsTheYear) {
  const std::string heading =
      LedgerSpecOf(jiamei::v1::LEDGER_KIND_REDEMPTIONS)->heading;
  EXPECT_EQ(LedgerTitle("东村", heading, absl::CivilDay(2026, 1, 1),
                        absl::CivilDay(2026, 12, 31)),
            "东村巾帼家美积分超市积分兑换台账（2026年度）");
  EXPECT_EQ(
      LedgerTitle("东村", LedgerSpecOf(jiamei::v1::LEDGER_KIND_POINTS)->heading,
                  absl::CivilDay(2026, 3, 1), absl::CivilDay(2026, 5, 31)),
      "东村巾帼家美积分超市积分登记台账（2026-03-01至2026-05-31）");
  EXPECT_EQ(
      LedgerTitle("东村", LedgerSpecOf(jiamei::v1::LEDGER_KIND_ROSTER)->heading,
                  absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 12, 31)),
      "东村农户花名册（2026年度）");
}

TEST(LedgerSpecTest, EveryKindTheApiDefinesHasAWholeLayout) {
  const google::protobuf::EnumDescriptor* kinds =
      jiamei::v1::LedgerKind_descriptor();
  for (int i = 0; i < kinds->value_count(); ++i) {
    const int kind = kinds->value(i)->number();
    if (kind == jiamei::v1::LEDGER_KIND_UNSPECIFIED) continue;
    SCOPED_TRACE(kinds->value(i)->name());
    absl::StatusOr<LedgerSpec> spec = LedgerSpecOf(kind);
    ASSERT_TRUE(spec.ok()) << spec.status();
    EXPECT_FALSE(spec->name.empty());
    EXPECT_NE(spec->rows, nullptr);
    EXPECT_EQ(spec->layout.summed.size(), spec->layout.columns.size());
    EXPECT_EQ(spec->layout.widths.size(), spec->layout.columns.size());
    EXPECT_FALSE(spec->layout.signature.empty());
    EXPECT_GT(spec->roles.size(), 0u);
    EXPECT_EQ(spec->of_site, kind == jiamei::v1::LEDGER_KIND_STOCK);
  }
}

TEST(LedgerSpecTest, UnknownLedgersAreRefusedByName) {
  EXPECT_EQ(LedgerSpecOf(99).status().code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(LedgerSpecOf(jiamei::v1::LEDGER_KIND_REDEMPTIONS).ok());
}

}  // namespace
}  // namespace jiamei::services
