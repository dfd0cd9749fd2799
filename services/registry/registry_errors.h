// The refusals of the register's and the organisation's handlers
// (services/registry) that only the gRPC layer raises. Reasons are declared
// once, each after one line naming its gRPC code, with a factory for each
// way it is raised.
#ifndef JIAMEI_SERVICES_REGISTRY_REGISTRY_ERRORS_H_
#define JIAMEI_SERVICES_REGISTRY_REGISTRY_ERRORS_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "storage/registry/registry_errors.h"

namespace jiamei::errors {

// INVALID_LEVEL (storage/registry/registry_errors.h), refused at the door
// before the ledger sees it:
absl::Status LevelNotNamed();

// INVALID_ARGUMENT: a care category code that is not one, too many, or one
// listed twice.
inline constexpr char kInvalidCareCategory[] = "INVALID_CARE_CATEGORY";
absl::Status CareCategoryCode();
absl::Status TooManyCareCategories(int max);
absl::Status CareCategoryTwice(absl::string_view code);

// INVALID_ARGUMENT: a gender other than FEMALE or MALE.
inline constexpr char kInvalidGender[] = "INVALID_GENDER";
absl::Status InvalidGender();

// INVALID_ARGUMENT: a birth year before 1900 or after this year.
inline constexpr char kInvalidBirthYear[] = "INVALID_BIRTH_YEAR";
absl::Status InvalidBirthYear(int32_t year);

// INVALID_ARGUMENT: a search without a unit by a caller whose scope is the
// whole system.
inline constexpr char kInvalidUnit[] = "INVALID_UNIT";
absl::Status NoUnitToSearch();

// ---- Register imports (RegistryService.ImportRegister): the file.

// INVALID_ARGUMENT: a later message of an import's stream names what only
// the first does, or the stream carries another number of bytes than the
// first message said.
inline constexpr char kImportStream[] = "IMPORT_STREAM";
absl::Status ImportFieldsAfterFirst();
absl::Status ImportSizeDiffers(int64_t said, size_t carried);

// INVALID_ARGUMENT: the file is over the import's size limit.
inline constexpr char kImportTooLarge[] = "IMPORT_TOO_LARGE";
absl::Status ImportTooLarge(size_t max_bytes);

// INVALID_ARGUMENT: the file has more rows below its header than an import
// takes.
inline constexpr char kImportTooManyRows[] = "IMPORT_TOO_MANY_ROWS";
absl::Status ImportTooManyRows(size_t max_rows);

// INVALID_ARGUMENT: the file is neither UTF-8 nor GB18030 (or it is
// UTF-16, which Excel's "Unicode text" writes).
inline constexpr char kImportBadEncoding[] = "IMPORT_BAD_ENCODING";
absl::Status ImportNotGb18030(size_t offset, size_t line);
absl::Status ImportUtf16();

// INVALID_ARGUMENT: a quoted cell is never closed.
inline constexpr char kImportBadCsv[] = "IMPORT_BAD_CSV";
absl::Status ImportQuoteNotClosed(size_t row);

// INVALID_ARGUMENT: the header lacks columns the import needs (named).
inline constexpr char kImportMissingColumns[] = "IMPORT_MISSING_COLUMNS";
absl::Status ImportMissingColumns(absl::string_view missing);

// INVALID_ARGUMENT: the header names a column twice.
inline constexpr char kImportBadHeader[] = "IMPORT_BAD_HEADER";
absl::Status ImportColumnTwice(absl::string_view column, size_t first,
                               size_t second);

// INVALID_ARGUMENT: the file has no header, or no person below it.
inline constexpr char kImportEmpty[] = "IMPORT_EMPTY";
absl::Status ImportNoHeader();
absl::Status ImportNoPeople();

// INVALID_ARGUMENT: rows of the file have problems, so nothing was
// written; the message names the first few, `problems` counts them and
// `first_row` is the first (a dry run lists every one).
inline constexpr char kImportHasProblems[] = "IMPORT_HAS_PROBLEMS";
absl::Status ImportHasProblems(int64_t count, int64_t first_row,
                               absl::string_view first_few);

// RESOURCE_EXHAUSTED: imports are read one at a time and one more may
// wait; try again shortly.
inline constexpr char kImportBusy[] = "IMPORT_BUSY";
absl::Status ImportBusy();

// ---- Register imports: a row's cells (ImportProblem.reason).

// INVALID_ARGUMENT: a cell longer than a cell may be.
inline constexpr char kCellTooLong[] = "CELL_TOO_LONG";
absl::Status CellTooLong(size_t size, size_t max);

// INVALID_ARGUMENT: a cell of a file saved as UTF-8 that is not UTF-8.
inline constexpr char kCellNotUtf8[] = "CELL_NOT_UTF8";
absl::Status CellNotUtf8();

// INVALID_ARGUMENT: an empty cell of a column every person (or the
// household's first row) needs.
inline constexpr char kCellRequired[] = "CELL_REQUIRED";
absl::Status CellRequired();
absl::Status AddressRequired(absl::string_view number);

// INVALID_ARGUMENT: a household's rows disagree: no head, a second head,
// another address, or a head's name that is not the head's.
inline constexpr char kHouseholdRowsDisagree[] = "HOUSEHOLD_ROWS_DISAGREE";
absl::Status HouseholdWithoutHead(absl::string_view number, size_t last_row);
absl::Status SecondHead(absl::string_view number, size_t head_row);
absl::Status AddressDiffers(absl::string_view number, size_t first_row);
absl::Status HeadNameDiffers(absl::string_view head_name);

// RESOURCE_EXHAUSTED: too many whole phone numbers that found nothing;
// raised by ThrottledRefusal (services/auth/attempt_throttle.h).
inline constexpr char kPhoneSearchThrottled[] = "PHONE_SEARCH_THROTTLED";

}  // namespace jiamei::errors

#endif  // JIAMEI_SERVICES_REGISTRY_REGISTRY_ERRORS_H_
