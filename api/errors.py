"""The API's errors: one JSON shape, ``{"code", "message", "message_en"}``, whatever went wrong.

``code`` is stable (integrators branch on it); ``message`` is in Korean and ``message_en`` in
English, both from the gettext catalogue. Every refusal of the API goes through
``error_response``; ``install`` replaces django-ninja's default handlers (which answer
``{"detail": …}`` and, under DEBUG, a traceback as text)."""

import logging

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

logger = logging.getLogger(__name__)

# code -> (HTTP status, message)
ERRORS = {
    "token_in_query": (
        400,
        _(
            "Send the token in the Authorization header (Bearer); a token in the address is refused."
        ),
    ),
    "invalid_request": (400, _("The request's parameters are not valid.")),
    "not_authenticated": (
        401,
        _("This needs an API token, sent as the header Authorization: Bearer <token>."),
    ),
    "token_invalid": (
        401,
        _("The API token is unknown, expired or revoked, or its owner can no longer sign in."),
    ),
    "not_found": (404, _("There is nothing at this address, or it is not public.")),
    "throttled": (429, _("Too many requests. Wait a little, then try again.")),
    "server_error": (500, _("Something went wrong on the portal's side. Try again later.")),
}


class ApiError(Exception):
    """Raised anywhere in the API to answer with the error ``code`` of ``ERRORS``."""

    def __init__(self, code: str):
        assert code in ERRORS, code
        self.code = code
        super().__init__(code)


def error_body(code: str, details=None) -> dict:
    message = ERRORS[code][1]
    with translation.override("ko"):
        korean = str(message)
    with translation.override("en"):
        english = str(message)
    body = {"code": code, "message": korean, "message_en": english}
    if details is not None:
        body["details"] = details
    return body


def error_response(api, request, code: str, details=None):
    return api.create_response(request, error_body(code, details), status=ERRORS[code][0])


def _validation_details(exc: ValidationError) -> list[dict]:
    """Where the request was wrong (ninja's list), without echoing the values sent."""
    return [
        {"loc": list(map(str, error.get("loc", []))), "type": str(error.get("type", ""))}
        if isinstance(error, dict) and "loc" in error
        else {"loc": list(error) if isinstance(error, dict) else [], "type": "invalid"}
        for error in exc.errors
    ]


def install(api) -> None:
    """Routes every exception the API can raise to ``error_response``."""

    def on_api_error(request, exc):
        return error_response(api, request, exc.code)

    def on_http_error(request, exc):
        if isinstance(exc, Throttled):
            return error_response(api, request, "throttled")
        if isinstance(exc, AuthenticationError):
            return error_response(api, request, "not_authenticated")
        if exc.status_code == 404:
            return error_response(api, request, "not_found")
        return error_response(api, request, "invalid_request")

    def on_unexpected(request, exc):
        # The traceback goes to the error log; the request's headers (the token) never do.
        logger.error("API error on %s %s", request.method, request.path, exc_info=exc)
        return error_response(api, request, "server_error")

    api.add_exception_handler(Exception, on_unexpected)
    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(
        Http404, lambda request, exc: error_response(api, request, "not_found")
    )
    api.add_exception_handler(
        ValidationError,
        lambda request, exc: error_response(
            api, request, "invalid_request", _validation_details(exc)
        ),
    )
