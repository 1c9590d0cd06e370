import pytest

from tests.factories import PASSWORD, CallFactory, UserFactory, innovation_unit_user


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the pages keep rendered fragments under keys that
    carry ids and timestamps, and ids repeat between tests on SQLite."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def staff(db):
    return UserFactory(full_name="김직원")


@pytest.fixture
def other_staff(db):
    return UserFactory(full_name="이동료")


@pytest.fixture
def innovation_unit(db):
    return innovation_unit_user(full_name="박혁신")


@pytest.fixture
def open_call(db):
    return CallFactory()


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def iu_client(client, innovation_unit):
    client.force_login(innovation_unit)
    return client
