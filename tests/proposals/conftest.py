from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import CallFactory, DepartmentFactory

SEOUL = ZoneInfo("Asia/Seoul")
# A call like the 2026 one: opens 13 May 09:00, closes 4 June 18:00, Korea Standard Time.
OPENS_AT = datetime(2026, 5, 13, 9, 0, tzinfo=SEOUL)
CLOSES_AT = datetime(2026, 6, 4, 18, 0, tzinfo=SEOUL)


@pytest.fixture
def department(db):
    return DepartmentFactory(code="ICT", name="정보통신담당관")


@pytest.fixture
def fixed_call(db):
    """A call with fixed Asia/Seoul dates, for tests that travel in time around them."""
    return CallFactory(
        code="2026-G", title="2026년 G-랩 과제 공모", opens_at=OPENS_AT, closes_at=CLOSES_AT
    )
