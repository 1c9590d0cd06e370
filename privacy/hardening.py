"""Small security middleware: the Content Security Policy header, a cap on request bodies, and
a throttle for POSTs such as the emailed-link form (failed sign-ins are locked out by
django-axes; the throttle only caps one address's sign-in POSTs).

See docs/security.md for the policy and the matching web-server settings."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

from core.cache import count_in_window
from core.digest import sha256_text


def client_ip(request) -> str:
    """The client's address. Behind the office proxy (``BEHIND_PROXY``) it is the last entry
    of X-Forwarded-For, the one the proxy itself appended (``$proxy_add_x_forwarded_for``);
    earlier entries come from the client and are not trusted."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")


class ContentSecurityPolicyMiddleware:
    """Sets ``Content-Security-Policy`` from ``settings.CONTENT_SECURITY_POLICY`` on every
    response that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        self.header = "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Content-Security-Policy", self.header)
        return response


class RequestBodyLimitMiddleware:
    """Answers 413 before reading a body larger than ``REQUEST_BODY_MAX_BYTES`` (by its
    Content-Length; the web server caps bodies sent without one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = getattr(settings, "REQUEST_BODY_MAX_BYTES", None)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit and length > limit:
            # Rendered without the request: sessions and users do not exist yet at this point.
            page = render_to_string("413.html", {"limit_mb": limit // (1024 * 1024)})
            response = HttpResponse(page, status=413)
            # The unread body is still on the socket: do not try to reuse the connection.
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class ThrottleMiddleware:
    """Refuses (429) POSTs to the URL names in ``THROTTLED_POSTS`` beyond a number per window,
    counted per scope: ``account`` (the submitted employee number, or the email when there is
    none), ``account_address`` (that account from this client address) and ``address`` (this
    client address, whatever the account). Each URL name lists the scopes it counts with their
    ``(attempts, seconds)``; a POST over any of them is refused. Counts live in Django's cache,
    shared by every worker and machine with ``REDIS_URL`` (``core.cache``)."""

    ACCOUNT_FIELDS = ("username", "email")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limits = getattr(settings, "THROTTLED_POSTS", {})
        if request.method == "POST" and limits:
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = None
            if name in limits and self._over(request, name, limits[name]):
                return render(request, "privacy/throttled.html", status=429)
        return self.get_response(request)

    def _account(self, request) -> str:
        for field in self.ACCOUNT_FIELDS:
            value = unicodedata.normalize("NFKC", request.POST.get(field, "")).strip().casefold()
            if value:
                return f"{field}:{value}"
        return ""

    def _over(self, request, name: str, scopes: dict) -> bool:
        address, account = client_ip(request), self._account(request)
        keys = {"address": address, "account": account, "account_address": f"{account}|{address}"}
        over = False
        for scope, (attempts, seconds) in scopes.items():
            if scope != "address" and not account:
                continue
            key = "throttle:" + sha256_text(f"{name}|{scope}|{keys[scope]}")
            over = count_in_window(key, seconds) > attempts or over
        return over
