"""Writes org_chart.xlsx and staff.xlsx next to this script from the CSV samples, so the two
formats always hold the same rows: python docs/samples/make_xlsx.py"""

import csv
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent


def convert(name: str) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = name
    with (HERE / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    target = HERE / f"{name}.xlsx"
    workbook.save(target)
    return target


if __name__ == "__main__":
    for sample in ("org_chart", "staff"):
        print(convert(sample))
