"""Who is calling the API: a person's bearer token (``TokenAuth``), or anyone (``PublicAccess``).

A token is accepted only in the ``Authorization: Bearer`` header. A request that carries one in
its address (a parameter named like a credential, or any value shaped like an ``api_`` secret)
is refused with ``token_in_query`` before anything is looked up, public endpoints included:
addresses end up in proxies' and browsers' histories. The secret is looked up by its digest
(``accounts.selectors.api_token_owner``) and never logged: ninja's bearer class logs only the
scheme, and the portal's own logs never print headers."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.security import HttpBearer

from accounts.models import ApiToken
from accounts.selectors import api_token_owner
from accounts.services import api_token_touch
from core.cache import count_in_window
from core.digest import sha256_text
from core.secret_tokens import redact
from privacy.hardening import client_ip

from .errors import ApiError

CREDENTIAL_PARAMETERS = {
    "token",
    "access_token",
    "api_key",
    "apikey",
    "key",
    "bearer",
    "authorization",
    "auth",
}


def refuse_token_in_query(request: HttpRequest) -> None:
    for name, values in request.GET.lists():
        if name.lower() in CREDENTIAL_PARAMETERS or any(redact(value) != value for value in values):
            raise ApiError("token_in_query")


# Refused tokens per client address and window, ``(attempts, seconds)``: past it the address gets
# 429 without a lookup. Authentication runs before the throttles, so refusals are counted here.
API_FAILED_TOKENS_PER_ADDRESS = (60, 60)


def _failures_key(request: HttpRequest) -> str:
    return "throttle:api:failed:" + sha256_text(client_ip(request))


def _token(request: HttpRequest, secret: str) -> ApiToken:
    attempts, seconds = getattr(settings, "API_FAILED_TOKENS_PER_ADDRESS", API_FAILED_TOKENS_PER_ADDRESS)
    if (cache.get(_failures_key(request)) or 0) >= attempts:
        raise ApiError("throttled")
    token = api_token_owner(secret.strip())
    if token is None:
        count_in_window(_failures_key(request), seconds)
        raise ApiError("token_invalid")
    api_token_touch(token)
    return token


class TokenAuth(HttpBearer):
    """The me/ endpoints: a live token of an active person, else 401."""

    def __call__(self, request: HttpRequest):
        refuse_token_in_query(request)
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        return _token(request, token)


class PublicAccess:
    """The public endpoints: anyone. A bearer token sent anyway is checked (a bad one → 401)
    so the rate limit counts it per token instead of per address."""

    ANONYMOUS = "anonymous"

    def __call__(self, request: HttpRequest):
        refuse_token_in_query(request)
        scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and secret:
            return _token(request, secret)
        return self.ANONYMOUS
