"""HR export files for the people tests: CSV (UTF-8, UTF-8 with BOM, CP949) and XLSX, built
from rows of values, with English or Korean column names."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from people import services
from people.enums import ImportKind, ImportOrigin

ORG_HEADER = ["department code", "department name", "parent department code", "active"]
ORG_HEADER_KO = ["부서코드", "부서명", "상위부서코드", "사용여부"]
STAFF_HEADER = ["employee number", "name", "email", "department code", "grade", "active"]
STAFF_HEADER_KO = ["사번", "성명", "이메일", "부서코드", "직급", "재직여부"]


def csv_bytes(header, rows, *, encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(header, rows, *, extra_sheets=(), merge=None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "data"
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    for name in extra_sheets:
        workbook.create_sheet(name)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def person(number, name, department, grade="7급", *, email=None, active="Y"):
    return [
        number,
        name,
        f"{number}@gyeongnam.go.kr" if email is None else email,
        department,
        grade,
        active,
    ]


def check(*, org=None, staff=None, full=True, by=None, org_name="org.csv", staff_name="staff.csv"):
    """Uploads and checks (dry run) the given file contents, as the management command does."""
    record = services.hr_import_create(
        by=by,
        org_file=upload(org, org_name) if org is not None else None,
        staff_file=upload(staff, staff_name) if staff is not None else None,
        kind=ImportKind.FULL if full else ImportKind.PARTIAL,
        origin=ImportOrigin.COMMAND,
    )
    return services.hr_import_check(record=record)


def run(**kwargs):
    """Checks and applies; returns the record (applied, or rejected and left unapplied)."""
    record = check(**kwargs)
    if record.rows_rejected:
        return record
    return services.hr_import_apply(record=record)
