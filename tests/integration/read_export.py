#!/usr/bin/python3
"""Reads a 台账 export back, as an officer's spreadsheet would, and prints
what the integration test checks, one "key<TAB>value" a line:

    title, caption, header (cells joined by |), rows (body rows), then for
    each numeric column of the 合计 row: total<i> (the 合计 cell) and
    sum<i> (the sum of the body rows' cells), numbers_are_numbers (1 when
    every cell of those columns in the body is a number or blank, not text
    or a formula), row<n> (body row n, from 1, its cells joined by |, blank
    cells empty), total_row (the 合计 row so joined) and footer.

Usage: read_export.py FILE.xlsx|FILE.csv. XLSX with openpyxl (Debian
python3-openpyxl), CSV with the standard library (UTF-8 with BOM).
"""
import csv
import sys


def rows_of(path):
    if path.endswith(".xlsx"):
        import openpyxl
        book = openpyxl.load_workbook(path)
        sheet = book.active
        assert sheet.page_setup.orientation == "landscape", "not landscape"
        titles = str(sheet.print_title_rows).replace("$", "")
        assert titles == "1:3", titles
        assert "A1:" in str(sheet.merged_cells), "title not merged"
        return [[c.value for c in row] for row in sheet.iter_rows()]
    with open(path, encoding="utf-8") as f:
        assert f.read(1) == "\ufeff", "no BOM"
        rows = list(csv.reader(f))
    return [[int(c) if c.lstrip("-").isdigit() else c for c in row]
            for row in rows]


def joined(row):
    return "|".join("" if c is None else str(c) for c in row)


def main():
    rows = rows_of(sys.argv[1])
    total_at = next(i for i, r in enumerate(rows) if r and r[0] == "合计")
    header, body, total = rows[2], rows[3:total_at], rows[total_at]
    print("title\t%s" % rows[0][0])
    print("caption\t%s" % rows[1][0])
    print("header\t%s" % "|".join(str(c) for c in header if c is not None))
    print("rows\t%d" % len(body))
    numbers = True
    for i, cell in enumerate(total):
        if isinstance(cell, (int, float)):
            column = [r[i] for r in body]
            numbers = numbers and all(isinstance(c, (int, float)) or
                                      c in (None, "") for c in column)
            print("total%d\t%d" % (i, cell))
            print("sum%d\t%d" % (i, sum(c for c in column
                                        if isinstance(c, (int, float)))))
    print("numbers_are_numbers\t%d" % numbers)
    for n, row in enumerate(body, 1):
        print("row%d\t%s" % (n, joined(row)))
    print("total_row\t%s" % joined(total))
    print("footer\t%s" % rows[total_at + 1][0])


if __name__ == "__main__":
    main()
