// The layout of a register import file, as officers fill it in Excel: one
// row per person, a household's rows together with its columns repeated on
// each, under a header of Chinese column names in any order (aliases in
// import_layout.cc; docs/register.md has an example):
//   户号        required: the household number (1 to 32 of 0-9 A-Z a-z -)
//   地址        required on a household's first row; its other rows leave
//               it empty or give the same
//   姓名        required: the person's name
//   与户主关系  required: 户主 (or 本人) for the head, anything else
//               (妻, 子, 女, 孙子...) for the others; one head a household
//   户主姓名    optional: when given, the head's name
//   身份证号    optional: 18 characters with the GB 11643 check character
//   电话        optional: a mobile or a landline
//   性别        optional: 男 or 女; from the ID number when empty
//   出生年份    optional: 1900 to this year; from the ID number when empty
// Other columns (序号, 备注, ...) are read past, and listed. Every cell is
// at most kMaxCellBytes; cells are trimmed of spaces (full-width too) and
// tabs; rows whose cells of these columns are all empty are skipped (a
// template's numbered rows left unfilled).
#ifndef JIAMEI_SERVICES_REGISTRY_IMPORT_LAYOUT_H_
#define JIAMEI_SERVICES_REGISTRY_IMPORT_LAYOUT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/registry/csv_file.h"
#include "storage/core/records.pb.h"
#include "storage/registry/registry_import.h"

namespace jiamei::services {

inline constexpr size_t kMaxCellBytes = 256;
// Problems kept to be listed; the count goes on.
inline constexpr size_t kMaxListedProblems = 10000;

// Something wrong with a row's cell, or with a row.
struct ImportProblem {
  uint32_t row;        // the header is row 1
  std::string header;  // the column's header as the file gives it
  absl::Status problem;
};

struct ImportRows {
  // The households in the file's order, each with its head first; village
  // and batch size are the caller's. A household is here even when its
  // rows have problems (so that a dry run checks the rest against the
  // register), with the cells in error left empty.
  storage::HouseholdsImported import;
  // By row; at most kMaxListedProblems, problem_count all.
  std::vector<ImportProblem> problems;
  size_t problem_count = 0;
  std::vector<std::string> ignored_columns;
  int rows = 0;  // below the header, blank ones included
  int people = 0;
  // The headers of the columns the register's conflicts are about.
  std::string number_header;
  std::string resident_id_header;

  // Adds conflicts of the register (ordered by row) among the problems,
  // keeping both in row order.
  void AddConflicts(const std::vector<storage::ImportConflict>& conflicts);
};

// The rows of `file` (records, the header first). Refusals: IMPORT_EMPTY
// (no header, or no person below it), IMPORT_BAD_HEADER (a column named
// twice), IMPORT_MISSING_COLUMNS (naming each required column missing).
// `today` bounds birth years and the birth dates of ID numbers.
absl::StatusOr<ImportRows> ReadImportRows(const CsvFile& file,
                                          absl::CivilDay today);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_REGISTRY_IMPORT_LAYOUT_H_
