import pytest

from tests.redis_server import throwaway_redis  # noqa: F401 (a fixture)


@pytest.fixture(autouse=True)
def _no_broker(settings):
    """No broker unless a test names one (CI runs the suite with REDIS_URL set)."""
    settings.REDIS_URL = ""
