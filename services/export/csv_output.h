// The CSV form of a ledger sheet, for other tools: UTF-8 with a byte-order
// mark (so that Excel and WPS read the Chinese), RFC 4180 quoting and CRLF
// line ends, and a guard against formula injection.
#ifndef JIAMEI_SERVICES_EXPORT_CSV_OUTPUT_H_
#define JIAMEI_SERVICES_EXPORT_CSV_OUTPUT_H_

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/export/sheet.h"

namespace jiamei::services {

// `text` as one CSV field: a text starting with = + - @, a tab or a
// carriage return is prefixed with ' (a spreadsheet would run it as a
// formula); quoted (with quotes doubled) when it holds a comma, a quote, a
// line break or that prefix's cause.
std::string CsvField(absl::string_view text);
// The cells as one CSV line, CRLF ended; numbers as plain decimals.
std::string CsvLine(const std::vector<Cell>& cells);

class CsvOutput final : public SheetOutput {
 public:
  // Writes to `file` (open for writing; the caller closes it).
  explicit CsvOutput(std::FILE* file) : file_(file) {}
  absl::Status Begin(const SheetLayout& layout) override;
  absl::Status Row(RowKind kind, const std::vector<Cell>& cells) override;
  absl::Status Close() override;

 private:
  absl::Status Write(absl::string_view bytes);
  std::FILE* const file_;
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_EXPORT_CSV_OUTPUT_H_
