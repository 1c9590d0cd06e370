"""내 캘린더: the page where a person makes, re-issues and turns off their calendar address, and
the feed itself (``/calendar/<secret>.ics``)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.cache import count_in_window
from core.deadlines import deadlines_for, past_days
from core.ical import CONTENT_TYPE, absolute, calendar_bytes
from core.secret_tokens import digest_of

from . import calendar

TEMPLATE = "notifications/my_calendar.html"
PREVIEW = 10
# Fetches of one address per window (calendar apps poll every 15 minutes to a day).
CALENDAR_FEED_THROTTLE = (60, 60 * 60)


def feed_name() -> str:
    return _("G-Lab Portal: my deadlines")


def _page(request, *, secret: str = "", status: int = 200):
    deadlines = deadlines_for(request.user)
    address = absolute(reverse("calendar-feed", kwargs={"token": secret})) if secret else ""
    response = render(
        request,
        TEMPLATE,
        {
            "feed": calendar.live_feed(request.user),
            "address": address,
            "webcal": address.replace("https://", "webcal://", 1).replace(
                "http://", "webcal://", 1
            ),
            "deadlines": deadlines[:PREVIEW],
            "deadline_count": len(deadlines),
            "past_days": past_days(),
            "crumbs": [
                (_("Notifications"), reverse("notifications:list")),
                (_("My calendar"), ""),
            ],
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"  # the address is shown once: never from a cache
    return response


class MyCalendarView(LoginRequiredMixin, View):
    """내 캘린더. Who comes: any signed-in person (staff, board members, liaisons, lab members)
    who wants their portal deadlines beside their meetings, from the header's menu or a
    reminder. What they came to do: get a private address to subscribe to in Outlook, Google
    Calendar or a phone, see what it will hold (the next deadlines), or turn it off when a
    phone is lost. Next: copy the address into the calendar app (the steps are on the page),
    or issue a new one, which stops the old address at once."""

    http_method_names = ["get"]

    def get(self, request):
        return _page(request)


class CalendarIssueView(LoginRequiredMixin, View):
    """POST: a new address (the live one, if any, stops working); the answer shows it once."""

    http_method_names = ["post"]

    def post(self, request):
        secret = calendar.calendar_feed_issue(user=request.user)
        return _page(request, secret=secret)


class CalendarRevokeView(LoginRequiredMixin, View):
    """POST: turns the person's address off."""

    http_method_names = ["post"]

    def post(self, request):
        if calendar.calendar_feed_revoke(user=request.user):
            messages.success(
                request,
                _(
                    "Your calendar address has been turned off. Calendars subscribed to it stop updating."
                ),
            )
        return redirect("notifications:calendar")


class CalendarFeedView(View):
    """The feed a calendar app fetches, without signing in: the secret in the path is the whole
    of the access. 404 for an unknown, revoked or deactivated person's address; 429 beyond
    ``CALENDAR_FEED_THROTTLE`` fetches of one address per window (counted by its digest, so
    the cache never holds the secret). The secret is redacted from every log
    (``core.request_log.RedactSecrets``)."""

    http_method_names = ["get", "head"]

    def get(self, request, token: str):
        attempts, seconds = getattr(settings, "CALENDAR_FEED_THROTTLE", CALENDAR_FEED_THROTTLE)
        if count_in_window(f"calendar-feed:{digest_of(token)}", seconds) > attempts:
            response = HttpResponse(
                _("Too many requests for this calendar. Try again later."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(seconds)
            return response
        owner = calendar.feed_owner(token)
        if owner is None:
            raise Http404
        response = HttpResponse(
            calendar_bytes(deadlines_for(owner), name=feed_name()), content_type=CONTENT_TYPE
        )
        response["Content-Disposition"] = 'inline; filename="glab-calendar.ics"'
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response
