"""The Korean date, time and file widgets (core.widgets) and their fields (core.fields): what
they render, what they read back, and the errors they give."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext, pgettext

from core.fields import DateField, DateTimeField
from core.widgets import (
    DateTimeWidget,
    DateWidget,
    FileUploadWidget,
    MultipleFileUploadWidget,
    parse_date_text,
)

SEOUL = ZoneInfo("Asia/Seoul")
NATIVE_CONTROLS = ('type="date"', 'type="datetime-local"', 'type="time"')


@pytest.fixture(autouse=True)
def korean():
    with translation.override("ko"):
        yield


class DatesForm(forms.Form):
    day = DateField(label="날짜")
    optional_day = DateField(label="선택 날짜", required=False)
    moment = DateTimeField(label="마감 일시")
    optional_moment = DateTimeField(label="선택 일시", required=False)


def moment_data(date="2026-12-31", hour="18", minute="30", **more):
    return {"day": "2026-12-31", "moment_0": date, "moment_1": hour, "moment_2": minute, **more}


@pytest.mark.parametrize(
    "text",
    ["2026-12-31", "2026.12.31", "2026. 12. 31.", "2026/12/31", "20261231", " 2026-12-31 ", "2026.12.31.", "2026년 12월 31일"],
)
def test_a_date_is_read_in_every_spelling_people_use(text):
    assert parse_date_text(text) == datetime.date(2026, 12, 31)
    form = DatesForm(moment_data() | {"day": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2026, 12, 31)


def test_one_digit_months_and_days_are_read():
    assert parse_date_text("2026-3-1") == datetime.date(2026, 3, 1)


@pytest.mark.parametrize("text", ["2026-02-30", "31/12/2026", "12/31/2026", "내일", "2026-13-01", "202612311", "2026111"])
def test_a_wrong_date_gets_a_korean_error_and_keeps_what_was_typed(text):
    assert parse_date_text(text) is None
    form = DatesForm(moment_data() | {"day": text})
    assert not form.is_valid()
    assert form.errors["day"] == [gettext("Enter the date as year-month-day, for example 2026-12-31.")]
    assert f'value="{text}"' in str(form["day"])


def test_the_date_box_is_text_with_a_korean_example_and_a_calendar_button():
    html = str(DatesForm()["day"])
    assert 'type="text"' in html and 'inputmode="numeric"' in html
    assert not any(native in html for native in NATIVE_CONTROLS)
    assert f'placeholder="{gettext("e.g. 2026-12-31")}"' in html
    assert gettext("Open the calendar") in html
    assert "krds-calendar-area" in html and "form-btn-datepicker" in html
    assert "pattern=" not in html, "a pattern would bring the browser's own (English) message"


def test_the_calendar_gets_its_words_in_korean():
    html = DateWidget().render("day", None, {"id": "id_day"})
    words = json.loads(html.split('data-calendar="')[1].split('"')[0].replace("&quot;", '"'))
    assert words["months"][0] == "1월" and words["months"][11] == "12월"
    assert words["weekdayNames"][0] == "일요일" and words["weekdayNames"][6] == "토요일"
    assert words["weekdays"][0] == pgettext("weekday initial", "Sun")
    assert words["today"] == pgettext("calendar", "Today")


def test_a_date_value_renders_as_yyyy_mm_dd():
    assert 'value="2026-07-01"' in DateWidget().render("day", datetime.date(2026, 7, 1))


def test_date_hour_and_minute_make_an_aware_datetime_in_korea():
    form = DatesForm(moment_data())
    assert form.is_valid(), form.errors
    moment = form.cleaned_data["moment"]
    assert moment == datetime.datetime(2026, 12, 31, 18, 30, tzinfo=SEOUL)
    assert str(moment.tzinfo) == "Asia/Seoul"
    assert moment.astimezone(datetime.UTC).hour == 9
    assert form.cleaned_data["optional_moment"] is None


def test_a_plain_iso_value_is_still_accepted():
    form = DatesForm({"day": "2026-12-31", "moment": "2026-12-31T18:30"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["moment"] == datetime.datetime(2026, 12, 31, 18, 30, tzinfo=SEOUL)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"moment_1": ""}, "Choose the hour as well as the date."),
        ({"moment_0": ""}, "Enter the date as well as the time."),
        ({"moment_0": "2026-31-12"}, "Enter the date as year-month-day, for example 2026-12-31."),
        ({"moment_1": "25"}, "Enter the date as year-month-day, for example 2026-12-31."),
    ],
)
def test_an_incomplete_date_and_time_gets_a_korean_error_and_keeps_the_input(data, message):
    form = DatesForm(moment_data() | data)
    assert not form.is_valid()
    assert form.errors["moment"] == [gettext(message)]
    html = str(form["moment"])
    if data.get("moment_0"):
        assert f'value="{data["moment_0"]}"' in html
    assert '<option value="30" selected>' in html


def test_an_empty_required_date_and_time_is_required():
    form = DatesForm(moment_data(date="", hour=""))
    assert not form.is_valid()
    assert form.errors["moment"] == [forms.Field.default_error_messages["required"]]


def test_hours_are_00_to_23_and_minutes_step_by_five_with_korean_units():
    html = str(DatesForm()["moment"])
    hours = [f'<option value="{h:02d}">{h:02d}</option>' for h in range(24)]
    assert all(option in html for option in hours)
    assert "AM" not in html and "PM" not in html
    minutes = html.split('name="moment_2"')[1].split("</select>")[0]
    assert minutes.count("<option") == 12
    assert pgettext("hour of the day, after the number", "h") in html
    assert pgettext("minute, after the number", "min") in html
    assert not any(native in html for native in NATIVE_CONTROLS)


def test_a_stored_time_shows_in_korea_and_keeps_a_minute_off_the_step():
    stored = datetime.datetime(2026, 6, 4, 8, 7, tzinfo=datetime.UTC)  # 17:07 in Korea
    html = DateTimeWidget().render("moment", stored, {"id": "id_moment"})
    assert 'value="2026-06-04"' in html
    assert '<option value="17" selected>' in html
    assert '<option value="07" selected>' in html
    form = DatesForm(initial={"moment": stored})
    assert '<option value="07" selected>' in str(form["moment"])


def test_the_date_and_time_is_a_group_with_a_label_for_each_control():
    form = DatesForm()
    assert form["moment"].use_fieldset
    html = form["moment"].as_field_group()
    assert "<legend" in html and "마감 일시" in html
    for suffix in ("0", "1", "2"):
        assert f'for="id_moment_{suffix}"' in html


def test_the_file_upload_is_korean_krds_markup_over_a_real_labelled_file_input():
    html = FileUploadWidget(attrs={"accept": ".csv"}).render("org_file", None, {"id": "id_org_file"})
    assert 'type="file"' in html and 'accept=".csv"' in html and "multiple" not in html.split("data-words")[0]
    assert 'class="krds-file-upload' in html and 'class="file-upload"' in html
    assert f'for="id_org_file"><i class="svg-icon ico-upload" aria-hidden="true"></i>{gettext("Select a file")}' in html
    assert gettext("No file selected") in html
    for english in ("Choose File", "No file chosen"):
        assert english not in html


def test_the_multiple_file_upload_takes_several_files():
    widget = MultipleFileUploadWidget()
    html = widget.render("uploads", None, {"id": "id_uploads"})
    assert " multiple" in html and gettext("Select files") in html
    words = json.loads(html.split('data-words="')[1].split('"')[0].replace("&quot;", '"'))
    assert words["multiple"] is True and words["remove"] == gettext("Remove")
    files = MultiValueDict({"uploads": ["a", "b"]})
    assert widget.value_from_datadict({}, files, "uploads") == ["a", "b"]


def test_an_existing_file_is_shown_with_a_way_to_clear_it():
    stored = type("Stored", (), {"url": "/files/1/", "__str__": lambda self: "명단.csv"})()
    html = FileUploadWidget().render("staff_file", stored, {"id": "id_staff_file"})
    assert '<a href="/files/1/">명단.csv</a>' in html
    assert 'name="staff_file-clear"' in html
