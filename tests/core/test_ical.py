"""core.ical and core.deadlines: one writer for every calendar, valid for a real parser."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from core.deadlines import Deadline
from core.ical import calendar_bytes

SEOUL = ZoneInfo("Asia/Seoul")


def test_a_calendar_has_the_headers_a_subscribing_app_reads():
    text = calendar_bytes([], name="내 마감일")
    assert text.startswith(b"BEGIN:VCALENDAR\r\n") and text.endswith(b"END:VCALENDAR\r\n")
    calendar = Calendar.from_ical(text)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//G-Lab Portal//Calendar//KO"
    assert str(calendar["X-WR-CALNAME"]) == "내 마감일"
    assert b"X-PUBLISHED-TTL:PT1H" in text and b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Seoul"


def test_events_carry_a_stable_uid_a_seoul_time_or_a_whole_day_and_an_absolute_link(settings):
    settings.PORTAL_BASE_URL = "https://glab.gyeongnam.go.kr"
    moment = datetime(2026, 6, 4, 18, 0, tzinfo=SEOUL)
    text = calendar_bytes(
        [
            Deadline(
                uid="call-7-closes",
                title="공모 마감",
                start=moment,
                url="/calls/7/",
                updated=moment,
            ),
            Deadline(uid="milestone-3", title="시범 발급", start=date(2026, 7, 1)),
            Deadline(uid="lab-2-term", title="기간", start=date(2026, 7, 1), end=date(2026, 7, 3)),
        ],
        name="x",
    )
    assert b"DTSTART;TZID=Asia/Seoul:20260604T180000" in text
    events = {str(e["UID"]): e for e in Calendar.from_ical(text).walk("VEVENT")}
    assert set(events) == {
        "call-7-closes@glab.gyeongnam.go.kr", "milestone-3@glab.gyeongnam.go.kr", "lab-2-term@glab.gyeongnam.go.kr",
    }  # fmt: skip
    closes = events["call-7-closes@glab.gyeongnam.go.kr"]
    assert closes.decoded("DTSTART") == moment
    assert str(closes["URL"]) == "https://glab.gyeongnam.go.kr/calls/7/"
    assert closes.get("LAST-MODIFIED") is not None and closes.get("DTSTAMP") is not None
    day = events["milestone-3@glab.gyeongnam.go.kr"]
    assert (day.decoded("DTSTART"), day.decoded("DTEND")) == (date(2026, 7, 1), date(2026, 7, 2))
    span = events["lab-2-term@glab.gyeongnam.go.kr"]
    assert span.decoded("DTEND") == date(2026, 7, 4)  # the last day is included


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="naive"):
        Deadline(uid="x-1", title="x", start=datetime(2026, 1, 1, 9, 0))  # noqa: DTZ001
