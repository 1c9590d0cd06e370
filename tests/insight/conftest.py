import pytest

from tests.factories import SubmittedProposalFactory
from tests.factories.insight import build_program


@pytest.fixture
def program(innovation_unit):
    return build_program(iu=innovation_unit)


@pytest.fixture
def current_proposal(program, open_call, staff):
    """A proposal of the open call by ``staff``, like the 2019 blockchain task."""
    return SubmittedProposalFactory(
        call=open_call, proposer=staff, title="블록체인 기반 증명서 발급", keywords="블록체인, 증명서",
        reference=f"{open_call.code}-001",
    )


@pytest.fixture(autouse=True)
def _clear_cache():
    """The dashboards and the similar-proposals panel cache role-wide figures and candidates."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
