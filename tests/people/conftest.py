import pytest

from accounts.models import Department
from tests.factories.people import ORG_HEADER, STAFF_HEADER, csv_bytes, person, run

ORG_ROWS = [
    ["PLAN", "기획조정실", "", "Y"],
    ["INNO", "도정혁신추진단", "PLAN", "Y"],
    ["ADMIN", "행정국", "", "Y"],
    ["GENA", "총무과", "ADMIN", "Y"],
    ["ICT", "정보통신담당관", "ADMIN", "Y"],
]
STAFF_ROWS = [
    person("1001", "김총무", "GENA", "6급"),
    person("1002", "이정보", "ICT", "7급"),
    person("1003", "박혁신", "INNO", "5급"),
]


@pytest.fixture
def org_csv():
    return csv_bytes(ORG_HEADER, ORG_ROWS)


@pytest.fixture
def staff_csv():
    return csv_bytes(STAFF_HEADER, STAFF_ROWS)


@pytest.fixture
def imported(db, org_csv, staff_csv):
    """The org chart and staff list above, applied."""
    record = run(org=org_csv, staff=staff_csv)
    assert record.status == "applied", record.preview["rejected"]
    return {d.code: d for d in Department.objects.all()}
