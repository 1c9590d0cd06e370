import pytest

from tests.factories import CoProposerFactory, DepartmentFactory, UserFactory
from tests.factories.screening import ClosedCallFactory, EntryFactory, setup_screening

# Distinctive names: the blind-leak test searches every page for them.
PROPOSER_NAME = "홍길동제안자"
PROPOSER_DEPT = "비밀행정부서과"
COPROPOSER_NAME = "성춘향공동제안"
COPROPOSER_DEPT = "숨은협력담당관"
OWNING_DEPT = "소관미래정책관"


@pytest.fixture
def call(db):
    return ClosedCallFactory(code="2019-T")


@pytest.fixture
def member(db):
    return UserFactory(full_name="심사위원갑")


@pytest.fixture
def member2(db):
    return UserFactory(full_name="심사위원을")


@pytest.fixture
def entry(call):
    proposer = UserFactory(
        full_name=PROPOSER_NAME, department=DepartmentFactory(code="SECRET", name=PROPOSER_DEPT)
    )
    proposal = EntryFactory(
        call=call,
        proposer=proposer,
        title="블록체인을 활용한 행정혁신",
        owning_department=DepartmentFactory(code="OWNER", name=OWNING_DEPT),
    )
    CoProposerFactory(
        proposal=proposal,
        user=UserFactory(
            full_name=COPROPOSER_NAME, department=DepartmentFactory(code="HIDDEN", name=COPROPOSER_DEPT)
        ),
    )
    return proposal


@pytest.fixture
def other_entry(call):
    return EntryFactory(call=call, title="드론 배송 행정서비스")


@pytest.fixture
def screening(call, entry, other_entry, innovation_unit, member, member2):
    return setup_screening(call=call, by=innovation_unit, members=[member, member2])


@pytest.fixture(autouse=True)
def _clear_cache():
    """The ranking caches its pages (keyed on the reviews' last change)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
