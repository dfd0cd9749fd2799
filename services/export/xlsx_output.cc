#include "services/export/xlsx_output.h"

#include "services/export/export_errors.h"
#include "storage/core/status_macros.h"

namespace jiamei::services {
namespace {

constexpr uint8_t kPaperA4 = 9;

lxw_format* NewFormat(lxw_workbook* workbook, bool border, bool bold,
                      double size) {
  lxw_format* format = workbook_add_format(workbook);
  format_set_font_name(format, "宋体");
  format_set_font_size(format, size);
  format_set_align(format, LXW_ALIGN_VERTICAL_CENTER);
  if (bold) {
    format_set_bold(format);
    format_set_align(format, LXW_ALIGN_CENTER);
  }
  if (border) format_set_border(format, LXW_BORDER_THIN);
  return format;
}

}  // namespace

XlsxOutput::~XlsxOutput() {
  if (workbook_ != nullptr) workbook_close(workbook_);
}

absl::Status XlsxOutput::Check(lxw_error error) const {
  if (error == LXW_NO_ERROR) return absl::OkStatus();
  return errors::ExportFileFailed(lxw_strerror(error));
}

absl::Status XlsxOutput::Begin(const SheetLayout& layout) {
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = const_cast<char*>(tmpdir_.c_str());
  workbook_ = workbook_new_opt(path_.c_str(), &options);
  if (workbook_ == nullptr) return errors::ExportFileFailed("new workbook");
  sheet_ = workbook_add_worksheet(workbook_, "台账");
  if (sheet_ == nullptr) return errors::ExportFileFailed("new worksheet");
  title_ = NewFormat(workbook_, false, true, 16);
  header_ = NewFormat(workbook_, true, true, 11);
  body_ = NewFormat(workbook_, true, false, 11);
  plain_ = NewFormat(workbook_, false, false, 11);
  last_column_ = static_cast<lxw_col_t>(layout.columns.size() + 1);
  worksheet_set_landscape(sheet_);
  worksheet_set_paper(sheet_, kPaperA4);
  worksheet_fit_to_pages(sheet_, 1, 0);
  RETURN_IF_ERROR(Check(worksheet_repeat_rows(sheet_, 0, 2)));
  RETURN_IF_ERROR(Check(worksheet_set_column(sheet_, 0, 0, 6, nullptr)));
  for (size_t i = 0; i < layout.columns.size(); ++i) {
    const double width = i < layout.widths.size() ? layout.widths[i] : 12;
    const auto column = static_cast<lxw_col_t>(i + 1);
    RETURN_IF_ERROR(
        Check(worksheet_set_column(sheet_, column, column, width, nullptr)));
  }
  return Check(
      worksheet_set_column(sheet_, last_column_, last_column_, 16, nullptr));
}

lxw_format* XlsxOutput::FormatOf(RowKind kind) const {
  switch (kind) {
    case RowKind::kTitle:
      return title_;
    case RowKind::kHeader:
      return header_;
    case RowKind::kBody:
    case RowKind::kTotal:
      return body_;
    case RowKind::kCaption:
    case RowKind::kFooter:
      break;
  }
  return plain_;
}

absl::Status XlsxOutput::Row(RowKind kind, const std::vector<Cell>& cells) {
  lxw_format* format = FormatOf(kind);
  const lxw_row_t row = row_++;
  if (kind == RowKind::kTitle || kind == RowKind::kCaption) {
    if (kind == RowKind::kTitle) {
      RETURN_IF_ERROR(Check(worksheet_set_row(sheet_, row, 30, nullptr)));
    }
    return Check(worksheet_merge_range(sheet_, row, 0, row, last_column_,
                                       cells.at(0).text.c_str(), format));
  }
  for (size_t i = 0; i < cells.size(); ++i) {
    const auto column = static_cast<lxw_col_t>(i);
    const Cell& cell = cells[i];
    RETURN_IF_ERROR(Check(
        cell.is_number
            ? worksheet_write_number(sheet_, row, column,
                                     static_cast<double>(cell.number), format)
            : worksheet_write_string(sheet_, row, column, cell.text.c_str(),
                                     format)));
  }
  return absl::OkStatus();
}

absl::Status XlsxOutput::Close() {
  lxw_workbook* workbook = workbook_;
  workbook_ = nullptr;
  return Check(workbook_close(workbook));
}

}  // namespace jiamei::services
