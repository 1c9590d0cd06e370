"""The number of queries of an import does not grow per row (bulk reads and writes). The time a
2,000-person import takes belongs in a benchmark, not in a timed test."""

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from people import services
from tests.factories.people import ORG_HEADER, STAFF_HEADER, check, csv_bytes, person

from .conftest import ORG_ROWS

pytestmark = pytest.mark.django_db

DEPARTMENTS = [row[0] for row in ORG_ROWS]


def staff(count: int, *, grade: str = "7급", offset: int = 0) -> bytes:
    rows = [
        person(f"{100000 + i}", f"직원{i}", DEPARTMENTS[i % len(DEPARTMENTS)], grade)
        for i in range(offset, offset + count)
    ]
    return csv_bytes(STAFF_HEADER, rows)


def queries(**kwargs) -> int:
    with CaptureQueriesContext(connection) as context:
        record = check(**kwargs)
        services.hr_import_apply(record=record)
    return len(context.captured_queries)


def batches(rows: int) -> int:
    """Extra statements a database needs to split one bulk write of ``rows`` accounts (SQLite
    caps the parameters of one statement; PostgreSQL needs none)."""
    fields = [f for f in User._meta.concrete_fields if not f.primary_key]
    size = connection.ops.bulk_batch_size(fields, [None] * rows)
    return math.ceil(rows / min(size, 500)) - 1


def test_creating_2000_people_costs_what_creating_20_does():
    org = csv_bytes(ORG_HEADER, ORG_ROWS)
    few = queries(org=org, staff=staff(20), full=False)
    many = queries(org=org, staff=staff(2000, offset=20), full=False)

    assert User.objects.count() == 2020
    assert many <= few + batches(2000)


def test_changing_2000_people_costs_what_changing_20_does():
    org = csv_bytes(ORG_HEADER, ORG_ROWS)
    queries(org=org, staff=staff(2020), full=False)

    few = queries(staff=staff(20, grade="6급"), full=False)
    many = queries(staff=staff(2000, grade="6급", offset=20), full=False)

    assert User.objects.filter(grade="6").count() == 2020
    assert many <= few + batches(2000)


def test_the_same_2000_people_again_cost_what_the_same_20_do():
    org = csv_bytes(ORG_HEADER, ORG_ROWS)
    queries(org=org, staff=staff(2000), full=True)

    few = queries(org=org, staff=staff(20), full=False)
    many = queries(org=org, staff=staff(2000), full=True)

    assert many == few
