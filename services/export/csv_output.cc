#include "services/export/csv_output.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "services/export/export_errors.h"

namespace jiamei::services {

std::string CsvField(absl::string_view text) {
  std::string field(text);
  if (!field.empty() &&
      absl::string_view("=+-@\t\r").find(field[0]) != absl::string_view::npos) {
    field.insert(0, "'");
  }
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  return absl::StrCat("\"", absl::StrReplaceAll(field, {{"\"", "\"\""}}), "\"");
}

std::string CsvLine(const std::vector<Cell>& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += ',';
    line += cells[i].is_number ? absl::StrCat(cells[i].number)
                               : CsvField(cells[i].text);
  }
  line += "\r\n";
  return line;
}

absl::Status CsvOutput::Begin(const SheetLayout& /*layout*/) {
  return Write("\xEF\xBB\xBF");
}

absl::Status CsvOutput::Row(RowKind /*kind*/, const std::vector<Cell>& cells) {
  return Write(CsvLine(cells));
}

absl::Status CsvOutput::Close() {
  if (std::fflush(file_) != 0) return errors::ExportFileFailed("flush");
  return absl::OkStatus();
}

absl::Status CsvOutput::Write(absl::string_view bytes) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    return errors::ExportFileFailed("write");
  }
  return absl::OkStatus();
}

}  // namespace jiamei::services
