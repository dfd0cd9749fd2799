// A printed ledger (台账) as officers lay it out, whatever the file format:
// a title row, a unit-and-period row, a header starting with 序号 and
// ending with a signature column, the rows, a 合计 row and a footer for
// 制表人/审核人/负责人 and 日期. LedgerSheet numbers the rows and adds up
// the summed columns; a SheetOutput (CSV, XLSX) writes the cells.
#ifndef JIAMEI_SERVICES_EXPORT_SHEET_H_
#define JIAMEI_SERVICES_EXPORT_SHEET_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace jiamei::services {

// One cell: a number (written as a number, never a formula) or text.
struct Cell {
  static Cell Text(std::string text) { return Cell{false, 0, std::move(text)}; }
  static Cell Number(int64_t number) { return Cell{true, number, ""}; }
  bool is_number = false;
  int64_t number = 0;
  std::string text;
};

struct SheetLayout {
  std::string title;  // e.g. 东村巾帼家美积分超市积分兑换台账（2026年度）
  std::string caption;  // e.g. 单位：东村　期间：2026-01-01 至 2026-12-31
  // The data columns, between 序号 and the signature column.
  std::vector<std::string> columns;
  std::vector<bool> summed;    // by column of `columns`: added up in 合计
  std::string signature;       // e.g. 领取人签字
  std::vector<double> widths;  // by column of `columns`, in characters
};

// The kinds of row a sheet has, in the order they are written.
enum class RowKind { kTitle, kCaption, kHeader, kBody, kTotal, kFooter };

// Writes rows to a file, in order. `Close` finishes the file; nothing is
// written after it.
class SheetOutput {
 public:
  virtual ~SheetOutput() = default;
  // Called once, before any row: the layout (its column count is
  // columns + 2).
  virtual absl::Status Begin(const SheetLayout& layout) = 0;
  virtual absl::Status Row(RowKind kind, const std::vector<Cell>& cells) = 0;
  virtual absl::Status Close() = 0;
};

class LedgerSheet {
 public:
  // `out` outlives the sheet.
  LedgerSheet(SheetLayout layout, SheetOutput* out);

  // Writes the title, caption and header rows.
  absl::Status Begin();
  // One body row: `cells` are the data columns (as many as
  // layout.columns); 序号 and an empty signature cell are added.
  absl::Status Add(std::vector<Cell> cells);
  // Sets the 合计 cell of data column `column` to `cell` instead of the
  // column's sum (or blank): a figure that is not the rows' sum, such as a
  // distinct count or a count of households.
  void SetTotal(size_t column, Cell cell);
  // Writes the 合计 row and the footer, and closes the output.
  absl::Status End();

  int64_t rows() const { return rows_; }
  // The sum of data column `column` so far (0 for a column not summed).
  int64_t total(size_t column) const { return totals_[column]; }

 private:
  const SheetLayout layout_;
  SheetOutput* const out_;
  int64_t rows_ = 0;
  std::vector<int64_t> totals_;
  std::vector<std::optional<Cell>> set_totals_;  // by data column
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_EXPORT_SHEET_H_
