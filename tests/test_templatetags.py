"""The builtin template helpers (core/templatetags.py): one date format in Seoul time and the
status badge."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_local_datetime_matches_the_date_filter_in_seoul():
    moment = datetime(2026, 11, 27, 23, 30, tzinfo=ZoneInfo("UTC"))  # 08:30 on the 28th in Seoul
    with timezone.override("Asia/Seoul"):
        assert render("{{ v|local_datetime }}", v=moment) == "2026-11-28 08:30"
        assert render("{{ v|local_datetime }}", v=moment) == date_filter(timezone.localtime(moment), "Y-m-d H:i")
        assert render("{{ v|local_date }}", v=moment) == "2026-11-28"
        assert render("{{ v|iso }}", v=moment) == "2026-11-28T08:30:00+09:00"
    assert render("{{ v|local_date }}", v=date(2026, 1, 2)) == "2026-01-02"
    assert render("[{{ v|local_datetime }}{{ v|iso }}{{ v|local_date }}]", v=None) == "[]"


def test_badge_escapes_and_falls_back_to_neutral():
    assert render('{% badge label "success" %}', label="<b>") == '<span class="krds-badge bg-light-success">&lt;b&gt;</span>'
    assert render('{% badge "x" "nonsense" %}') == '<span class="krds-badge bg-light-gray">x</span>'
