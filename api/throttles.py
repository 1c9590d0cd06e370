"""The API's rate limits: per token, and per client address for calls without one.

Counted with ``core.cache.count_in_window`` (Redis shared by every worker and machine, the same
counter as the portal's POST throttles), in fixed windows. ``API_THROTTLE_PER_TOKEN`` and
``API_THROTTLE_PER_ADDRESS`` in settings, ``(requests, seconds)``, override the defaults: a
whole office reaches the portal from one address, so the anonymous limit is generous."""

from django.conf import settings
from ninja.throttling import BaseThrottle

from accounts.models import ApiToken
from core.cache import count_in_window
from core.digest import sha256_text
from privacy.hardening import client_ip

API_THROTTLE_PER_TOKEN = (120, 60)
API_THROTTLE_PER_ADDRESS = (600, 60)


def _limit(request) -> tuple[str, int, int]:
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiToken):
        attempts, seconds = getattr(settings, "API_THROTTLE_PER_TOKEN", API_THROTTLE_PER_TOKEN)
        return f"token:{auth.pk}", attempts, seconds
    attempts, seconds = getattr(settings, "API_THROTTLE_PER_ADDRESS", API_THROTTLE_PER_ADDRESS)
    return f"address:{client_ip(request)}", attempts, seconds


class PortalThrottle(BaseThrottle):
    def allow_request(self, request) -> bool:
        scope, attempts, seconds = _limit(request)
        return count_in_window("throttle:api:" + sha256_text(scope), seconds) <= attempts

    def wait(self) -> float:
        """Retry-After: a fixed window ends at most its length later."""
        token = getattr(settings, "API_THROTTLE_PER_TOKEN", API_THROTTLE_PER_TOKEN)
        address = getattr(settings, "API_THROTTLE_PER_ADDRESS", API_THROTTLE_PER_ADDRESS)
        return float(max(token[1], address[1]))
