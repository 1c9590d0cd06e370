"""Form widgets that speak Korean whatever the browser's language (issue 16).

A native ``<input type="date">``, ``datetime-local`` or ``file`` draws its controls in the
browser's language (mm/dd/yyyy, AM/PM, "Choose File"). These widgets draw KRDS markup instead:

- ``DateWidget``: a text box for yyyy-mm-dd with the KRDS calendar (static/js/widgets.js builds
  it; without JavaScript the date is typed). yyyy.mm.dd, yyyy/mm/dd and yyyymmdd are accepted.
- ``DateTimeWidget``: the date, then the hour (00-23) and the minute (5-minute steps) as
  selects; KRDS has no time picker.
- ``FileUploadWidget`` and ``MultipleFileUploadWidget``: the KRDS file upload (drop zone, a
  "choose" button, the chosen files with names, sizes and remove buttons) over a real
  ``<input type="file">``, visually hidden but focusable and labelled, which works without
  JavaScript.

The matching form fields (Korean error messages, time zone) are in ``core.fields``.
"""

import datetime
import json
import re

from django import forms
from django.utils import dates, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext, pgettext

DATE_FORMAT = "%Y-%m-%d"
MINUTE_STEP = 5
# 2026-12-31, 2026.12.31, 2026. 12. 31., 2026/12/31, 20261231, 2026년 12월 31일 (and one-digit
# months or days). Only the year first: 01/02/2026 is 2 January in one country, 1 February in another.
# Without separators only the eight-digit form: 2026111 could be 1 November or 11 January.
_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\s*\.?\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_KOREAN_UNITS = re.compile(r"(?<=\d)\s*[년월일]")


def parse_date_text(text) -> datetime.date | None:
    """The date a person typed, in any of the accepted spellings; ``None`` if it is none."""
    if not isinstance(text, str):
        return None
    text = _KOREAN_UNITS.sub(".", text)  # 2026년 12월 31일
    match = _COMPACT.match(text) or _DATE_TEXT.match(text)
    if match is None:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def normalise_date_text(text):
    """``text`` as yyyy-mm-dd when it is a date in an accepted spelling, otherwise unchanged
    (so a form that refuses it shows the person what they typed)."""
    parsed = parse_date_text(text)
    if parsed is None:
        return text.strip() if isinstance(text, str) else text
    return parsed.strftime(DATE_FORMAT)


def _calendar_words() -> dict:
    """Every word the calendar script shows, translated here so the script has none of its own."""
    return {
        "dialog": gettext("Choose a date"),
        "open": gettext("Open the calendar"),
        "prev": gettext("Previous month"),
        "next": gettext("Next month"),
        "year": pgettext("calendar", "Year"),
        "month": pgettext("calendar", "Month"),
        "today": pgettext("calendar", "Today"),
        "close": pgettext("calendar", "Close"),
        "yearValue": pgettext("calendar year", "%(year)s"),
        "caption": pgettext("calendar caption", "%(month)s %(year)s"),
        "day": pgettext("calendar day", "%(weekday)s, %(month)s %(day)s, %(year)s"),
        "isToday": pgettext("calendar", "today"),
        "hint": gettext("Arrow keys move by day and week, Page Up and Page Down by month."),
        # Sunday first, as Korean calendars are laid out.
        "weekdays": [
            pgettext("weekday initial", "Sun"), pgettext("weekday initial", "Mon"),
            pgettext("weekday initial", "Tue"), pgettext("weekday initial", "Wed"),
            pgettext("weekday initial", "Thu"), pgettext("weekday initial", "Fri"),
            pgettext("weekday initial", "Sat"),
        ],
        "weekdayNames": [str(dates.WEEKDAYS[(i + 6) % 7]) for i in range(7)],
        "months": [str(dates.MONTHS[i]) for i in range(1, 13)],
    }


class DateWidget(forms.DateInput):
    """A yyyy-mm-dd text box with the KRDS calendar."""

    template_name = "django/forms/widgets/krds_date.html"
    input_type = "text"

    def __init__(self, attrs=None):
        # No ``pattern``: the browser would refuse a mistyped date with its own message, in its
        # own language; the server answers in Korean and keeps what was typed instead.
        defaults = {"class": "datepicker cal", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DATE_FORMAT)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["attrs"].setdefault("placeholder", gettext("e.g. 2026-12-31"))
        widget["calendar"] = json.dumps(_calendar_words(), ensure_ascii=False)
        return context

    def value_from_datadict(self, data, files, name):
        return normalise_date_text(super().value_from_datadict(data, files, name))


def _two_digits(numbers) -> list[tuple[str, str]]:
    return [(f"{n:02d}", f"{n:02d}") for n in numbers]


class DateTimeWidget(forms.MultiWidget):
    """Date, hour and minute. ``value_from_datadict`` answers ``[date, hour, minute]`` (what
    ``core.fields.DateTimeField`` turns into an aware datetime in Korea Standard Time), or the
    plain value of ``name`` when a client posts one (e.g. ``2026-12-31T18:00``)."""

    template_name = "django/forms/widgets/krds_datetime.html"

    def __init__(self, attrs=None):
        hour = forms.Select(choices=[("", "--"), *_two_digits(range(24))], attrs={"class": "small"})
        minute = forms.Select(choices=_two_digits(range(0, 60, MINUTE_STEP)), attrs={"class": "small"})
        super().__init__([DateWidget(), hour, minute], attrs)

    def decompress(self, value):
        if isinstance(value, str):
            parsed = parse_datetime(value.strip())
            if parsed is None:
                return [value, "", "00"]
            value = parsed
        if not isinstance(value, datetime.datetime):
            return [None, "", "00"]
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return [value.date(), f"{value.hour:02d}", f"{value.minute:02d}"]

    def get_context(self, name, value, attrs):
        values = value if isinstance(value, list | tuple) else self.decompress(value)
        minute = values[2] if len(values) > 2 else ""
        choices = _two_digits(range(0, 60, MINUTE_STEP))
        if isinstance(minute, str) and minute.isdigit() and int(minute) < 60 and int(minute) % MINUTE_STEP:
            # A stored minute off the step stays choosable, so saving again keeps it.
            choices = sorted([*choices, (f"{int(minute):02d}",) * 2])
        self.widgets[2].choices = choices
        return super().get_context(name, value, attrs)

    def value_from_datadict(self, data, files, name):
        parts = [f"{name}_{suffix}" for suffix in self.widgets_names]
        if not any(part in data for part in parts) and name in data:
            return data.get(name)
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)


def _file_words(multiple: bool) -> dict:
    return {
        "none": gettext("No file selected"),
        "count": gettext("Files selected: %(count)s"),
        "remove": gettext("Remove"),
        "kb": pgettext("file size", "%(size)s KB"),
        "mb": pgettext("file size", "%(size)s MB"),
        "multiple": multiple,
    }


class FileUploadWidget(forms.ClearableFileInput):
    """The KRDS file upload for one file."""

    template_name = "django/forms/widgets/krds_file_upload.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        multiple = bool(context["widget"]["attrs"].get("multiple"))
        context["widget"]["multiple"] = multiple
        context["widget"]["words"] = json.dumps(_file_words(multiple), ensure_ascii=False)
        return context


class MultipleFileUploadWidget(FileUploadWidget):
    """The KRDS file upload for several files (``value_from_datadict`` answers a list)."""

    allow_multiple_selected = True
