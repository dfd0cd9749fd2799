// The register import's file: decoding (services/registry/csv_file.h) and
// its layout as households (services/registry/import_layout.h).
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "jiamei/v1/registry.pb.h"
#include "services/registry/csv_file.h"
#include "services/registry/import_layout.h"
#include "storage/core/refusal.h"

namespace jiamei::services {
namespace {

using Records = std::vector<std::vector<std::string>>;

const absl::CivilDay kToday(2026, 12, 3);

CsvFile Decoded(const std::string& bytes, size_t max_rows = 100) {
  absl::StatusOr<CsvFile> file = DecodeCsv(bytes, max_rows);
  EXPECT_TRUE(file.ok()) << file.status();
  return file.ok() ? *file : CsvFile{};
}

std::string ReasonOf(const absl::Status& status) {
  return RefusalReason(status);
}

TEST(CsvFileTest, ByteOrderMarkSaysUtf8AndIsNotPartOfTheFirstCell) {
  const CsvFile file = Decoded("\xEF\xBB\xBF户号,姓名\r\n001,张三\r\n");
  EXPECT_EQ(file.encoding, TextEncoding::kUtf8WithBom);
  EXPECT_EQ(file.records, (Records{{"户号", "姓名"}, {"001", "张三"}}));
}

TEST(CsvFileTest, ValidUtf8WithoutAMarkIsUtf8) {
  const CsvFile file = Decoded("户号,姓名\n001,张三");
  EXPECT_EQ(file.encoding, TextEncoding::kUtf8);
  EXPECT_EQ(file.records, (Records{{"户号", "姓名"}, {"001", "张三"}}));
}

TEST(CsvFileTest, Gb18030AsExcelSavesCsvOnChineseWindowsIsConverted) {
  // "户号,地址,姓名,与户主关系\r\n007,东村3组,刘芳,户主\r\n" in GB18030.
  const std::string gb =
      "\xBB\xA7\xBA\xC5,\xB5\xD8\xD6\xB7,\xD0\xD5\xC3\xFB,"
      "\xD3\xEB\xBB\xA7\xD6\xF7\xB9\xD8\xCF\xB5\r\n"
      "007,\xB6\xAB\xB4\xE5"
      "3\xD7\xE9,\xC1\xF5\xB7\xBC,\xBB\xA7\xD6\xF7\r\n";
  const CsvFile file = Decoded(gb);
  EXPECT_EQ(file.encoding, TextEncoding::kGb18030);
  EXPECT_EQ(file.records, (Records{{"户号", "地址", "姓名", "与户主关系"},
                                   {"007", "东村3组", "刘芳", "户主"}}));
}

TEST(CsvFileTest, FourByteGb18030CharactersBeyondGbkAreConverted) {
  absl::StatusOr<std::string> text = Gb18030ToUtf8("\x95\x32\x82\x36");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "\xF0\xA0\x80\x80");  // U+20000
}

TEST(CsvFileTest, BytesThatAreNeitherUtf8NorGb18030AreRefusedWithTheirLine) {
  const absl::StatusOr<CsvFile> file =
      DecodeCsv("a,b\n\xBB\xA7,c\n\x81\x20,d\n", 100);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(ReasonOf(file.status()), "IMPORT_BAD_ENCODING");
  EXPECT_NE(file.status().message().find("line 3"), std::string::npos)
      << file.status();
}

TEST(CsvFileTest, Utf16IsRefusedWithHowToSaveItAgain) {
  for (const std::string bom : {"\xFF\xFE", "\xFE\xFF"}) {
    const absl::StatusOr<CsvFile> file = DecodeCsv(bom + "a\0,\0", 100);
    ASSERT_FALSE(file.ok());
    EXPECT_EQ(ReasonOf(file.status()), "IMPORT_BAD_ENCODING");
  }
}

TEST(CsvFileTest, QuotedCellsHoldCommasQuotesAndLineBreaks) {
  const CsvFile file = Decoded(
      "a,b,c\r\n\"东村,1组\",\"他说\"\"好\"\"\",\"两\r\n行\"\r\nx\"y,,\"\"\r\n");
  EXPECT_EQ(file.records, (Records{{"a", "b", "c"},
                                   {"东村,1组", "他说\"好\"", "两\r\n行"},
                                   {"x\"y", "", ""}}));
}

TEST(CsvFileTest, AQuoteNeverClosedIsRefusedNamingItsRow) {
  const absl::StatusOr<CsvFile> file = DecodeCsv("a,b\n1,2\n3,\"4\n5,6\n", 100);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(ReasonOf(file.status()), "IMPORT_BAD_CSV");
  EXPECT_NE(file.status().message().find("row 3"), std::string::npos);
}

TEST(CsvFileTest, MoreRowsThanTheLimitAreRefusedAndTheLimitItselfIsTaken) {
  std::string text = "户号\n";
  for (int i = 0; i < 5; ++i) text += "1\n";
  EXPECT_TRUE(DecodeCsv(text, 5).ok());
  const absl::StatusOr<CsvFile> file = DecodeCsv(text + "1\n", 5);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(ReasonOf(file.status()), "IMPORT_TOO_MANY_ROWS");
}

ImportRows Rows(const std::string& csv) {
  absl::StatusOr<ImportRows> rows = ReadImportRows(Decoded(csv), kToday);
  EXPECT_TRUE(rows.ok()) << rows.status();
  return rows.ok() ? *rows : ImportRows{};
}

std::vector<std::string> Problems(const ImportRows& rows) {
  std::vector<std::string> out;
  for (const ImportProblem& p : rows.problems) {
    out.push_back(std::to_string(p.row) + " " + p.header + " " +
                  ReasonOf(p.problem));
  }
  return out;
}

TEST(ImportLayoutTest, ColumnsInAnyOrderWithAliasesAndOthersListedAsIgnored) {
  const ImportRows rows = Rows(
      "序号,姓名,关系,户编号,家庭住址,身份证号码,手机号,备注\n"
      "1,刘芳,妻,0007,东村3组,11010519491231002X,,\n"
      "2,陈刚,户主,0007,,310101199001011234,13800000001,低保\n");
  EXPECT_TRUE(rows.problems.empty()) << Problems(rows)[0];
  EXPECT_EQ(rows.ignored_columns, (std::vector<std::string>{"序号", "备注"}));
  ASSERT_EQ(rows.import.households_size(), 1);
  const auto& household = rows.import.households(0);
  EXPECT_EQ(household.number(), "0007");
  EXPECT_EQ(household.address(), "东村3组");
  ASSERT_EQ(household.people_size(), 2);
  // The head first, whatever the row order.
  EXPECT_EQ(household.people(0).person().full_name(), "陈刚");
  EXPECT_EQ(household.people(0).row(), 3u);
  EXPECT_EQ(household.people(0).person().phone(), "13800000001");
  // Gender and birth year from the ID number when the cells are absent.
  EXPECT_EQ(household.people(0).person().gender(), jiamei::v1::GENDER_MALE);
  EXPECT_EQ(household.people(0).person().birth_year(), 1990);
  EXPECT_EQ(household.people(1).person().gender(), jiamei::v1::GENDER_FEMALE);
  EXPECT_EQ(household.people(1).person().birth_year(), 1949);
  EXPECT_EQ(household.people(1).relation(), "妻");
  EXPECT_EQ(rows.people, 2);
}

TEST(ImportLayoutTest, EveryProblemIsNamedByRowAndColumnHeader) {
  const ImportRows rows = Rows(
      "户号,地址,姓名,与户主关系,身份证号,电话,出生年份\n"
      "001,东村,张三,户主,110105194912310021,,\n"   // bad check digit
      "002,东村,,户主,,12,1890\n"                   // no name, phone, year
      "003,东村,李四,子,,,\n"                       // no head
      "004,东村,王五,户主,1.10105E+17,,\n"          // Excel's number
      "004,西村,王六,户主,,,\n");                   // second head, address
  EXPECT_EQ(Problems(rows),
            (std::vector<std::string>{
                "2 身份证号 INVALID_RESIDENT_ID", "3 姓名 CELL_REQUIRED",
                "3 电话 INVALID_PHONE", "3 出生年份 INVALID_BIRTH_YEAR",
                "4 与户主关系 HOUSEHOLD_ROWS_DISAGREE",
                "5 身份证号 INVALID_RESIDENT_ID",
                "6 地址 HOUSEHOLD_ROWS_DISAGREE",
                "6 与户主关系 HOUSEHOLD_ROWS_DISAGREE"}));
  EXPECT_EQ(rows.problem_count, 8u);
}

TEST(ImportLayoutTest, BlankTemplateRowsAreSkippedButCounted) {
  const ImportRows rows =
      Rows("序号,户号,地址,姓名,与户主关系\n1,001,东村,张三,户主\n2,,,,\n3,,,,\n");
  EXPECT_TRUE(rows.problems.empty());
  EXPECT_EQ(rows.rows, 3);
  EXPECT_EQ(rows.import.households_size(), 1);
}

TEST(ImportLayoutTest, ACellOverTheLimitIsAProblemOfItsRow) {
  const ImportRows rows = Rows("户号,地址,姓名,与户主关系\n001,东村," +
                               std::string(10240, 'x') + ",户主\n");
  EXPECT_EQ(Problems(rows),
            (std::vector<std::string>{"2 姓名 CELL_TOO_LONG"}));
}

TEST(ImportLayoutTest, MissingColumnsAreNamedAndAColumnTwiceIsRefused) {
  absl::StatusOr<ImportRows> rows =
      ReadImportRows(Decoded("户号,姓名\n001,张三\n"), kToday);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(ReasonOf(rows.status()), "IMPORT_MISSING_COLUMNS");
  EXPECT_NE(rows.status().message().find("地址, 与户主关系"),
            std::string::npos)
      << rows.status();
  rows = ReadImportRows(Decoded("户号,地址,姓名,与户主关系,电话,手机\n"),
                        kToday);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(ReasonOf(rows.status()), "IMPORT_BAD_HEADER");
}

TEST(ImportLayoutTest, AFileWithoutPeopleIsRefused) {
  for (const std::string csv : {"", "户号,地址,姓名,与户主关系\n",
                                "户号,地址,姓名,与户主关系\n,,,\n"}) {
    const absl::StatusOr<ImportRows> rows = ReadImportRows(Decoded(csv), kToday);
    ASSERT_FALSE(rows.ok()) << csv;
    EXPECT_EQ(ReasonOf(rows.status()), "IMPORT_EMPTY");
  }
}

}  // namespace
}  // namespace jiamei::services
