"""Encodings and formats read, every kind of bad row rejected with its line and a Korean
reason, and nothing applied from a file with any rejected row."""

import pytest

from accounts.enums import AccountSource, Grade
from accounts.models import Department, User
from people import services
from tests.factories import UserFactory
from tests.factories.people import (
    ORG_HEADER,
    ORG_HEADER_KO,
    STAFF_HEADER,
    STAFF_HEADER_KO,
    check,
    csv_bytes,
    person,
    run,
    xlsx_bytes,
)

from .conftest import ORG_ROWS, STAFF_ROWS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "euc-kr"])
def test_csv_in_korean_office_encodings_with_korean_headers(encoding):
    record = run(
        org=csv_bytes(ORG_HEADER_KO, ORG_ROWS, encoding=encoding),
        staff=csv_bytes(STAFF_HEADER_KO, STAFF_ROWS, encoding=encoding),
    )

    assert record.status == "applied", record.preview["rejected"]
    assert Department.objects.get(code="INNO").name == "도정혁신추진단"
    assert User.objects.get(username="1003").full_name == "박혁신"


def test_xlsx_input():
    staff_rows = [[1001, "김총무", "k@gyeongnam.go.kr", "GENA", "6급", "재직"], *STAFF_ROWS[1:]]
    record = run(
        org=xlsx_bytes(ORG_HEADER, ORG_ROWS),
        staff=xlsx_bytes(STAFF_HEADER_KO, staff_rows),
        org_name="조직도.xlsx",
        staff_name="인사.xlsx",
    )

    assert record.status == "applied", record.preview["rejected"]
    kim = User.objects.get(username="1001")  # a number cell reads as "1001", not "1001.0"
    assert (kim.grade, kim.department.code) == (Grade.GRADE_6, "GENA")


def test_grades_in_any_spelling():
    rows = [
        person("1", "가", "GENA", "6"),
        person("2", "나", "GENA", "Grade 7"),
        person("3", "다", "GENA", "연구관"),
        person("4", "라", "GENA", "8 급"),
    ]
    run(org=csv_bytes(ORG_HEADER, ORG_ROWS), staff=csv_bytes(STAFF_HEADER, rows))

    assert dict(User.objects.values_list("username", "grade")) == {
        "1": "6",
        "2": "7",
        "3": Grade.SENIOR_RESEARCHER,
        "4": "8",
    }


BAD_STAFF_ROWS = [
    (person("2001", "최부서", "NOPE"), "부서코드를 찾을 수 없습니다: NOPE"),
    (person("1001", "김중복", "GENA"), "이미 2행에 있는 사번입니다: 1001"),
    (person("2002", "", "GENA"), "성명이 비어 있습니다."),
    (
        person("2003", "정메일", "GENA", email="not-an-email"),
        "올바른 이메일 주소가 아닙니다: “not-an-email”",
    ),
    (person("2004", "강직급", "GENA", "대장"), "알 수 없는 직급입니다: “대장”"),
    (person("", "무사번", "GENA", email="mu@gyeongnam.go.kr"), "사번이 비어 있습니다."),
    (
        person("2005", "재직", "GENA", active="글쎄"),
        "알 수 없는 재직 값입니다(Y 또는 N): “글쎄”",
    ),
]


@pytest.mark.parametrize(
    ("row", "reason"), BAD_STAFF_ROWS, ids=lambda v: v if isinstance(v, str) else None
)
def test_a_bad_staff_row_is_rejected_with_its_line_and_nothing_is_applied(row, reason):
    rows = [*STAFF_ROWS, row]  # the bad row is on line 5 (the header is line 1)

    record = run(org=csv_bytes(ORG_HEADER, ORG_ROWS), staff=csv_bytes(STAFF_HEADER, rows))

    assert record.status == "rejected"
    assert record.preview["rejected"] == [{"file": "직원 명단", "line": 5, "reason": reason}]
    assert not User.objects.exists() and not Department.objects.exists()
    with pytest.raises(Exception, match="적용"):
        services.hr_import_apply(record=record)


BAD_ORG_ROWS = [
    (["GENA", "총무과2", "ADMIN", "Y"], "이미 5행에 있는 부서코드입니다: GENA"),
    (["NEW", "", "ADMIN", "Y"], "부서명이 비어 있습니다."),
    (["NEW", "신설과", "NOPE", "Y"], "상위 부서코드를 찾을 수 없습니다: NOPE"),
    (["NEW", "신설과", "NEW", "Y"], "자기 자신을 상위 부서로 지정할 수 없습니다."),
]


@pytest.mark.parametrize(
    ("row", "reason"), BAD_ORG_ROWS, ids=lambda v: v if isinstance(v, str) else None
)
def test_a_bad_org_row_is_rejected(row, reason):
    record = run(org=csv_bytes(ORG_HEADER, [*ORG_ROWS, row]))

    assert record.preview["rejected"] == [{"file": "조직도", "line": 7, "reason": reason}]
    assert not Department.objects.exists()


def test_a_loop_of_parents_is_rejected():
    rows = [["A", "가과", "B", "Y"], ["B", "나과", "A", "Y"]]
    record = run(org=csv_bytes(ORG_HEADER, rows))
    assert [r["line"] for r in record.preview["rejected"]] == [2, 3]
    assert "순환" in record.preview["rejected"][0]["reason"]


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        ("사번,성명".encode("cp949") + b"\x80\xff\r\n", "staff.csv", "인코딩"),
        (xlsx_bytes(STAFF_HEADER, STAFF_ROWS, extra_sheets=["메모"]), "staff.xlsx", "시트가 2개"),
        (
            xlsx_bytes(STAFF_HEADER, STAFF_ROWS, merge="A1:B1"),
            "staff.xlsx",
            "머리글 행에 병합된 셀(A1:B1)",
        ),
        (xlsx_bytes(STAFF_HEADER, STAFF_ROWS, merge="B3:B4"), "staff.xlsx", "B3:B4"),
        (csv_bytes(["사번", "성명"], [["1", "가"]]), "staff.csv", "필수 열이 없습니다"),
        (b"PK\x03\x04broken", "staff.xlsx", "엑셀 파일을 읽을 수 없습니다"),
        (b"\xd0\xcf\x11\xe0old", "staff.xls", ".xls"),
    ],
    ids=[
        "encoding",
        "extra-sheet",
        "merged-header",
        "merged-cells",
        "missing-column",
        "broken-xlsx",
        "old-xls",
    ],
)
def test_an_unreadable_file_is_rejected_as_a_whole(data, name, reason):
    record = run(org=csv_bytes(ORG_HEADER, ORG_ROWS), staff=data, staff_name=name)

    assert record.status == "rejected"
    assert len(record.preview["rejected"]) == 1
    assert reason in record.preview["rejected"][0]["reason"]
    assert not Department.objects.exists()


def test_a_local_account_is_never_taken_over():
    UserFactory(
        username="1001", full_name="외부심사위원", source=AccountSource.LOCAL, department=None
    )

    record = run(org=csv_bytes(ORG_HEADER, ORG_ROWS), staff=csv_bytes(STAFF_HEADER, STAFF_ROWS))

    assert record.preview["rejected"] == [
        {"file": "직원 명단", "line": 2, "reason": "포털에서 만든 계정의 사번입니다: 1001"}
    ]
    assert User.objects.get(username="1001").full_name == "외부심사위원"


def test_an_empty_full_export_is_refused(db):
    record = check(staff=csv_bytes(STAFF_HEADER, []), full=True)
    assert record.status == "rejected"


def test_what_is_applied_is_what_was_previewed(org_csv, staff_csv):
    record = check(org=org_csv, staff=staff_csv)
    Department.objects.create(code="GENA", name="다른 이름")  # the portal changed meanwhile

    with pytest.raises(Exception, match="미리보기"):
        services.hr_import_apply(record=record)
    assert not User.objects.exists()


def test_a_stored_file_that_changed_is_refused(org_csv, staff_csv):
    record = check(org=org_csv, staff=staff_csv)
    with open(record.staff_file.path, "ab") as handle:
        handle.write(b"9999,\xea\xb0\x80,,GENA,7,Y\r\n")

    with pytest.raises(Exception, match="다시 올려"):
        services.hr_import_apply(record=record)
    assert not User.objects.exists()


def test_header_names_ignore_case_spaces_and_underscores_and_extra_columns():
    header = ["Employee_Number", "성 명", "E-mail", "DepartmentCode", "GRADE", "비고"]
    rows = [[r[0], r[1], r[2], r[3], r[4], "메모"] for r in STAFF_ROWS]

    record = run(org=csv_bytes(ORG_HEADER, ORG_ROWS), staff=csv_bytes(header, rows))

    assert record.status == "applied", record.preview["rejected"]
    assert User.objects.filter(source=AccountSource.HR).count() == 3
