#include "services/export/sheet.h"

#include <utility>

#include "storage/core/status_macros.h"

namespace jiamei::services {

LedgerSheet::LedgerSheet(SheetLayout layout, SheetOutput* out)
    : layout_(std::move(layout)),
      out_(out),
      totals_(layout_.columns.size(), 0),
      set_totals_(layout_.columns.size()) {}

absl::Status LedgerSheet::Begin() {
  RETURN_IF_ERROR(out_->Begin(layout_));
  RETURN_IF_ERROR(out_->Row(RowKind::kTitle, {Cell::Text(layout_.title)}));
  RETURN_IF_ERROR(out_->Row(RowKind::kCaption, {Cell::Text(layout_.caption)}));
  std::vector<Cell> header = {Cell::Text("序号")};
  for (const std::string& column : layout_.columns) {
    header.push_back(Cell::Text(column));
  }
  header.push_back(Cell::Text(layout_.signature));
  return out_->Row(RowKind::kHeader, header);
}

absl::Status LedgerSheet::Add(std::vector<Cell> cells) {
  cells.resize(layout_.columns.size());
  for (size_t i = 0; i < cells.size(); ++i) {
    if (layout_.summed[i] && cells[i].is_number) totals_[i] += cells[i].number;
  }
  ++rows_;
  cells.insert(cells.begin(), Cell::Number(rows_));
  cells.push_back(Cell::Text(""));
  return out_->Row(RowKind::kBody, cells);
}

void LedgerSheet::SetTotal(size_t column, Cell cell) {
  if (column < set_totals_.size()) set_totals_[column] = std::move(cell);
}

absl::Status LedgerSheet::End() {
  std::vector<Cell> total = {Cell::Text("合计")};
  for (size_t i = 0; i < totals_.size(); ++i) {
    if (set_totals_[i].has_value()) {
      total.push_back(*set_totals_[i]);
    } else {
      total.push_back(layout_.summed[i] ? Cell::Number(totals_[i])
                                        : Cell::Text(""));
    }
  }
  total.push_back(Cell::Text(""));
  RETURN_IF_ERROR(out_->Row(RowKind::kTotal, total));
  RETURN_IF_ERROR(
      out_->Row(RowKind::kFooter,
                {Cell::Text("制表人："), Cell::Text(""), Cell::Text("审核人："),
                 Cell::Text(""), Cell::Text("负责人："), Cell::Text(""),
                 Cell::Text("日期：")}));
  return out_->Close();
}

}  // namespace jiamei::services
