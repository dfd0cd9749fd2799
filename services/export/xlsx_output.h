// The .xlsx form of a ledger sheet (libxlsxwriter, constant-memory mode:
// each row goes to the file as it is written). A4 landscape, one page
// wide, the title, caption and header rows repeated on every printed page,
// the title merged across the columns, numbers written as numbers.
#ifndef JIAMEI_SERVICES_EXPORT_XLSX_OUTPUT_H_
#define JIAMEI_SERVICES_EXPORT_XLSX_OUTPUT_H_

#include <string>
#include <vector>

#include "services/export/sheet.h"
#include "xlsxwriter.h"

namespace jiamei::services {

class XlsxOutput final : public SheetOutput {
 public:
  // Writes the workbook `path`, with libxlsxwriter's temporary files in
  // `tmpdir`.
  XlsxOutput(std::string path, std::string tmpdir)
      : path_(std::move(path)), tmpdir_(std::move(tmpdir)) {}
  ~XlsxOutput() override;

  absl::Status Begin(const SheetLayout& layout) override;
  absl::Status Row(RowKind kind, const std::vector<Cell>& cells) override;
  absl::Status Close() override;

 private:
  lxw_format* FormatOf(RowKind kind) const;
  absl::Status Check(lxw_error error) const;

  const std::string path_;
  const std::string tmpdir_;
  lxw_workbook* workbook_ = nullptr;
  lxw_worksheet* sheet_ = nullptr;
  lxw_format* title_ = nullptr;
  lxw_format* header_ = nullptr;
  lxw_format* body_ = nullptr;
  lxw_format* plain_ = nullptr;
  lxw_col_t last_column_ = 0;
  lxw_row_t row_ = 0;
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_EXPORT_XLSX_OUTPUT_H_
