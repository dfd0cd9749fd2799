#include "services/registry/registry_errors.h"

#include "absl/strings/str_cat.h"
#include "storage/core/refusal.h"

namespace jiamei::errors {
namespace {

absl::Status Invalid(absl::string_view reason, absl::string_view message) {
  return Refusal(absl::StatusCode::kInvalidArgument, reason, message);
}

}  // namespace

absl::Status LevelNotNamed() {
  return Invalid(kInvalidLevel, "level must be COUNTY, TOWNSHIP or VILLAGE");
}

absl::Status CareCategoryCode() {
  return Invalid(kInvalidCareCategory,
                 "a care category code is 1 to 64 of A-Z, 0-9 and _, "
                 "starting with a letter");
}

absl::Status TooManyCareCategories(int max) {
  return Invalid(kInvalidCareCategory,
                 absl::StrCat("at most ", max, " care categories"));
}

absl::Status CareCategoryTwice(absl::string_view code) {
  return Invalid(kInvalidCareCategory, absl::StrCat(code, " is listed twice"));
}

absl::Status InvalidGender() {
  return Invalid(kInvalidGender, "gender must be FEMALE or MALE");
}

absl::Status InvalidBirthYear(int32_t year) {
  return Invalid(
      kInvalidBirthYear,
      absl::StrCat("birth_year must be 1900 to this year, got ", year));
}

absl::Status ImportFieldsAfterFirst() {
  return Invalid(kImportStream,
                 "only the first message of an import names its request_id, "
                 "village and dry_run; the others carry data only");
}

absl::Status ImportSizeDiffers(int64_t said, size_t carried) {
  return Refusal(absl::StatusCode::kInvalidArgument, kImportStream,
                 absl::StrCat("the first message said the file has ", said,
                              " bytes, and the stream carried ", carried),
                 {{"size", said}, {"carried", static_cast<int64_t>(carried)}});
}

absl::Status ImportTooLarge(size_t max_bytes) {
  return Refusal(absl::StatusCode::kInvalidArgument, kImportTooLarge,
                 absl::StrCat("the file is over ", max_bytes >> 20,
                              " MiB; import it village by village"),
                 {{"max_bytes", static_cast<int64_t>(max_bytes)}});
}

absl::Status ImportTooManyRows(size_t max_rows) {
  return Refusal(absl::StatusCode::kInvalidArgument, kImportTooManyRows,
                 absl::StrCat("the file has more than ", max_rows,
                              " rows below its header; import it in parts"),
                 {{"max_rows", static_cast<int64_t>(max_rows)}});
}

absl::Status ImportNotGb18030(size_t offset, size_t line) {
  return Refusal(
      absl::StatusCode::kInvalidArgument, kImportBadEncoding,
      absl::StrCat("the file is neither UTF-8 nor GB18030: byte ", offset,
                   " (line ", line,
                   ") is not a character; save it again as CSV (UTF-8)"),
      {{"offset", static_cast<int64_t>(offset)},
       {"line", static_cast<int64_t>(line)}});
}

absl::Status ImportUtf16() {
  return Invalid(kImportBadEncoding,
                 "the file is UTF-16 (Unicode text); save it as CSV (UTF-8) "
                 "or CSV (comma delimited)");
}

absl::Status ImportQuoteNotClosed(size_t row) {
  return Refusal(absl::StatusCode::kInvalidArgument, kImportBadCsv,
                 absl::StrCat("the quoted cell that begins on row ", row,
                              " is never closed"),
                 {{"row", static_cast<int64_t>(row)}});
}

absl::Status ImportMissingColumns(absl::string_view missing) {
  return Invalid(kImportMissingColumns,
                 absl::StrCat("the header has no column ", missing,
                              " (docs/register.md lists the columns)"));
}

absl::Status ImportColumnTwice(absl::string_view column, size_t first,
                               size_t second) {
  return Invalid(kImportBadHeader,
                 absl::StrCat("the header has ", column, " twice: columns ",
                              first, " and ", second));
}

absl::Status ImportNoHeader() {
  return Invalid(kImportEmpty, "the file is empty: it has no header row");
}

absl::Status ImportNoPeople() {
  return Invalid(kImportEmpty, "the file has no person below its header");
}

absl::Status ImportHasProblems(int64_t count, int64_t first_row,
                               absl::string_view first_few) {
  return Refusal(
      absl::StatusCode::kInvalidArgument, kImportHasProblems,
      absl::StrCat("the file has ", count,
                   count == 1 ? " problem" : " problems",
                   ", so nothing was written: ", first_few,
                   count > 5 ? "; ..." : "", " (a dry run lists every one)"),
      {{"problems", count}, {"first_row", first_row}});
}

absl::Status ImportBusy() {
  return Refusal(absl::StatusCode::kResourceExhausted, kImportBusy,
                 "another import is being read; try again in a minute");
}

absl::Status CellTooLong(size_t size, size_t max) {
  return Invalid(kCellTooLong,
                 absl::StrCat("the cell has ", size, " bytes; at most ", max));
}

absl::Status CellNotUtf8() {
  return Invalid(kCellNotUtf8,
                 "the cell is not UTF-8, though the file says it is; type it "
                 "again");
}

absl::Status CellRequired() {
  return Invalid(kCellRequired, "the cell is empty; every person needs it");
}

absl::Status AddressRequired(absl::string_view number) {
  return Invalid(kCellRequired,
                 absl::StrCat("household ", number,
                              " needs its address on its first row"));
}

absl::Status HouseholdWithoutHead(absl::string_view number, size_t last_row) {
  return Invalid(kHouseholdRowsDisagree,
                 absl::StrCat("household ", number, " (to row ", last_row,
                              ") has no head: one row's 与户主关系 must be "
                              "户主"));
}

absl::Status SecondHead(absl::string_view number, size_t head_row) {
  return Invalid(kHouseholdRowsDisagree,
                 absl::StrCat("household ", number,
                              " has its head already, on row ", head_row));
}

absl::Status AddressDiffers(absl::string_view number, size_t first_row) {
  return Invalid(
      kHouseholdRowsDisagree,
      absl::StrCat("household ", number, " has another address on row ",
                   first_row, "; leave the cell empty or give the same"));
}

absl::Status HeadNameDiffers(absl::string_view head_name) {
  return Invalid(kHouseholdRowsDisagree,
                 absl::StrCat("the household's head is ", head_name));
}

absl::Status NoUnitToSearch() {
  return Invalid(kInvalidUnit,
                 "name the unit to search in (your scope is the whole "
                 "system)");
}

}  // namespace jiamei::errors
