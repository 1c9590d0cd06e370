"""The one iCalendar (RFC 5545) writer, on the ``icalendar`` package: the personal feed and a
call's ``.ics`` download both come from here.

- ``VCALENDAR`` with ``PRODID``, ``VERSION:2.0``, ``CALSCALE:GREGORIAN``, ``METHOD:PUBLISH``,
  ``X-WR-CALNAME`` (the name a calendar app shows), ``X-WR-TIMEZONE`` and a refresh hint
  (``REFRESH-INTERVAL``, ``X-PUBLISHED-TTL``) for subscribed feeds.
- One ``VTIMEZONE`` for Asia/Seoul (KST, +09:00, no daylight saving since 1988), and every
  timed event in it (``DTSTART;TZID=Asia/Seoul``); an all-day event is a ``VALUE=DATE`` with
  the next day as ``DTEND``.
- A ``VEVENT`` per ``core.deadlines.Deadline``: ``UID`` ``<deadline uid>@<portal host>`` (so an
  update replaces the event), ``DTSTAMP`` (now, UTC), ``LAST-MODIFIED`` where the deadline
  knows it, ``SUMMARY``, ``DESCRIPTION``, ``URL`` (absolute, on ``PORTAL_BASE_URL``).
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneStandard, vDuration

from .deadlines import Deadline
from .links import portal_url

TZID = "Asia/Seoul"
PRODID = "-//G-Lab Portal//Calendar//KO"
REFRESH = timedelta(hours=1)
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _seoul() -> Timezone:
    zone = Timezone()
    zone.add("tzid", TZID)
    standard = TimezoneStandard()
    standard.add("dtstart", datetime(1988, 10, 9, 3, 0))  # noqa: DTZ001 (a VTIMEZONE's local time)
    standard.add("tzoffsetfrom", timedelta(hours=9))
    standard.add("tzoffsetto", timedelta(hours=9))
    standard.add("tzname", "KST")
    zone.add_component(standard)
    return zone


def portal_host() -> str:
    return urlsplit(settings.PORTAL_BASE_URL).hostname or "glab-portal"


def absolute(path: str) -> str:
    return portal_url(path) if path else ""


def _moment(value: date | datetime):
    """A date as it is; a datetime in Asia/Seoul (written with TZID)."""
    if isinstance(value, datetime):
        return value.astimezone(ZoneInfo(TZID))
    return value


def _event(deadline: Deadline, *, host: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{deadline.uid}@{host}")
    event.add("dtstamp", stamp)
    event.add("summary", deadline.title)
    event.add("dtstart", _moment(deadline.start))
    end = deadline.end
    if end is None and not isinstance(deadline.start, datetime):
        end = deadline.start + timedelta(days=1)  # an all-day event ends the next day (exclusive)
    elif isinstance(end, date) and not isinstance(end, datetime):
        end = end + timedelta(days=1)
    if end is not None:
        event.add("dtend", _moment(end))
    if deadline.description:
        event.add("description", deadline.description)
    if deadline.url:
        event.add("url", absolute(deadline.url))
    if deadline.updated is not None:
        event.add("last-modified", deadline.updated.astimezone(UTC))
    event.add("transp", "TRANSPARENT")  # a deadline does not make the person busy
    return event


def calendar_bytes(deadlines: Iterable[Deadline], *, name: str) -> bytes:
    """The iCalendar text of ``deadlines``, as UTF-8 bytes with CRLF line ends."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", str(name))
    calendar.add("x-wr-timezone", TZID)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    calendar.add_component(_seoul())
    host, stamp = portal_host(), timezone.now().astimezone(UTC).replace(microsecond=0)
    for deadline in deadlines:
        calendar.add_component(_event(deadline, host=host, stamp=stamp))
    return calendar.to_ical()
