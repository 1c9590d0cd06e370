"""Absolute addresses in the portal, for what leaves the browser: links in emails, calendar
events and API answers. Built on ``PORTAL_BASE_URL``, never on the request's Host header."""

from django.conf import settings


def portal_url(path: str) -> str:
    """``path`` (e.g. from ``reverse``) as an absolute address on ``PORTAL_BASE_URL``."""
    return settings.PORTAL_BASE_URL.rstrip("/") + "/" + path.lstrip("/")
