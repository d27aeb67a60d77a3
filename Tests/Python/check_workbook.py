"""Reads a report's specsplit.xlsx with openpyxl (a reader other than specsplit's own) and
compares every cell with the CSV file of its sheet: codes and ids are text cells holding
exactly the CSV's text, figures are numbers of the CSV's value.

Usage: python check_workbook.py OUT REPORT SHEET=FILE.csv [SHEET=FILE.csv ...]
Exits 1 naming the first cells that differ.
"""
import csv
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl

NUMBER_COLUMNS = {
    "rows", "activity", "value", "share", "national_rows", "national_activity", "national_value", "national_share",
    "current_unknown_rows", "current_unknown_value", "migrating_rows", "migrating_value", "to_national_value",
    "to_local_value", "from_national_value", "from_national_share", "to_national_share", "from", "to", "change",
}


def same_number(cell_value, text):
    """A spreadsheet number holds 15 significant digits: compare at that precision."""
    if isinstance(cell_value, bool) or not isinstance(cell_value, (int, float)):
        return False
    expected = Decimal(text)
    got = Decimal(repr(cell_value))
    if expected == got:
        return True
    return abs(expected - got) <= abs(expected) * Decimal("1e-15")


def main():
    out, report = Path(sys.argv[1]), Path(sys.argv[2])
    sheets = [argument.split("=", 1) for argument in sys.argv[3:]]
    workbook = openpyxl.load_workbook(report / "specsplit.xlsx", read_only=True)
    problems = []
    if workbook.sheetnames != [name for name, _ in sheets]:
        problems.append(f"sheets {workbook.sheetnames}, expected {[name for name, _ in sheets]}")
    checked = 0
    for name, file in sheets:
        with open(out / file, newline="", encoding="utf-8") as handle:
            lines = list(csv.reader(handle))
        rows = list(workbook[name].iter_rows(values_only=True))
        if len(rows) != len(lines):
            problems.append(f"{name}: {len(rows)} rows, {file} has {len(lines)} lines")
        header = lines[0]
        for number, (row, line) in enumerate(zip(rows, lines), start=1):
            for column, text in enumerate(line):
                value = row[column] if column < len(row) else None
                where = f"{name}!{openpyxl.utils.get_column_letter(column + 1)}{number}"
                if text == "":
                    if value is not None:
                        problems.append(f"{where}: {value!r} where {file} has an empty field")
                elif number > 1 and header[column] in NUMBER_COLUMNS:
                    if not same_number(value, text):
                        problems.append(f"{where}: {value!r} is not the number {text}")
                elif value != text:
                    problems.append(f"{where}: {value!r} is not the text {text!r}")
                checked += 1
    if problems:
        print("\n".join(problems[:20]), file=sys.stderr)
        sys.exit(1)
    print(f"specsplit.xlsx: {checked} cells equal to the CSV files")


if __name__ == "__main__":
    main()
