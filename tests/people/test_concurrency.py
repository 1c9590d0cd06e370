"""Two previewed imports applied at the same moment: one is applied, the other refused because
its preview no longer holds. Nothing is half-applied."""


import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.models import User
from people import services
from people.enums import ImportStatus
from tests.concurrency import run_together
from tests.factories.people import STAFF_HEADER, check, csv_bytes, person

from .conftest import STAFF_ROWS

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL advisory locks")




def test_two_imports_at_once_apply_one_and_refuse_the_other(imported):
    to_ict = check(
        staff=csv_bytes(STAFF_HEADER, [person("1001", "김총무", "ICT", "6급"), *STAFF_ROWS[1:]])
    )
    to_inno = check(
        staff=csv_bytes(STAFF_HEADER, [person("1001", "김총무", "INNO", "7급"), *STAFF_ROWS[1:]])
    )

    errors = run_together(
        lambda: services.hr_import_apply(record=to_ict),
        lambda: services.hr_import_apply(record=to_inno),
    )

    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    to_ict.refresh_from_db()
    to_inno.refresh_from_db()
    applied = [r for r in (to_ict, to_inno) if r.status == ImportStatus.APPLIED]
    assert len(applied) == 1
    kim = User.objects.get(username="1001")
    expected = ("ICT", "6") if applied[0] == to_ict else ("INNO", "7")
    assert (kim.department.code, kim.grade) == expected
