// A CSV file as Excel or WPS saves it, decoded into records of cells.
//
// The encoding: a UTF-8 byte order mark says UTF-8 (Excel's "CSV UTF-8");
// bytes that are valid UTF-8 are UTF-8; anything else is read as GB18030
// (Excel's and WPS's "CSV" on a Chinese Windows, whose GBK it contains),
// converted by glibc's iconv, and refused when it is not GB18030 either.
// A file with a byte order mark is taken at its word: cells that are not
// UTF-8 are left as they are, for the caller to report cell by cell.
//
// The records (RFC 4180, as Excel writes it): cells separated by commas,
// records by CRLF or LF; a cell that holds a comma, a quote or a line
// break is quoted, with "" for a quote inside. A quote inside an unquoted
// cell is kept as it is. A line break inside quotes is part of the cell,
// so that records, not lines, are numbered: record 1 is the header and
// record N is the row a spreadsheet shows as row N.
#ifndef JIAMEI_SERVICES_REGISTRY_CSV_FILE_H_
#define JIAMEI_SERVICES_REGISTRY_CSV_FILE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jiamei::services {

enum class TextEncoding { kUtf8WithBom, kUtf8, kGb18030 };
// "UTF-8 with BOM", "UTF-8", "GB18030".
const char* EncodingName(TextEncoding encoding);

struct CsvFile {
  TextEncoding encoding = TextEncoding::kUtf8;
  // The header first; a record has at least one cell (a blank line is one
  // empty cell). No record for the line break that ends the file.
  std::vector<std::vector<std::string>> records;
};

// `bytes` decoded into records. Refusals: IMPORT_BAD_ENCODING (UTF-16, or
// neither UTF-8 nor GB18030, naming the first byte that is not a
// character), IMPORT_BAD_CSV (a quoted cell never closed, naming its row),
// IMPORT_TOO_MANY_ROWS (more than `max_rows` records below the header,
// found before the rest is read).
absl::StatusOr<CsvFile> DecodeCsv(absl::string_view bytes, size_t max_rows);

// GB18030 bytes as UTF-8, or IMPORT_BAD_ENCODING naming the first byte
// that is not a GB18030 character (a truncated one included).
absl::StatusOr<std::string> Gb18030ToUtf8(absl::string_view bytes);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_REGISTRY_CSV_FILE_H_
