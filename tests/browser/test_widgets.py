"""Dates, times and files speak Korean in an English-language browser (issue 16, point 6): the
KRDS calendar picks a date with the keyboard, the time is a 24-hour select, the KRDS file upload
lists the chosen files; no native English control (mm/dd/yyyy, AM/PM, "Choose File") shows."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from labs.models import LogEntry
from proposals.models import Call
from tests.factories import UserFactory, innovation_unit_user
from tests.factories.labs import running_lab

ENGLISH_CONTROL_TEXT = ("mm/dd/yyyy", "AM/PM", "Choose File", "No file chosen", "Choose Files")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def browser_context_args(browser_context_args):
    """An office PC with an English-language browser, in Korea."""
    return {**browser_context_args, "locale": "en-US", "timezone_id": "Asia/Seoul"}


@pytest.fixture
def korean():
    with translation.override("ko"):
        yield


def assert_no_english_controls(page):
    text = page.inner_text("body")
    for phrase in ENGLISH_CONTROL_TEXT:
        assert phrase not in text, f"{phrase!r} is visible on {page.url}"
    # The browser draws its own (English) controls only for these; none may be visible.
    assert page.locator("input[type=date], input[type=datetime-local], input[type=time]").count() == 0
    for box in page.locator("input[type=file]").all():
        size = box.bounding_box()
        assert size is None or (size["width"] <= 1 and size["height"] <= 1), "a native file input is visible"


def test_a_lab_member_picks_a_date_with_the_keyboard_and_attaches_files(
    page, visit, login, axe_check, korean, transactional_db, tmp_path
):
    member = UserFactory(full_name="김육급")
    lab = running_lab(member, UserFactory(full_name="이칠급"), iu=innovation_unit_user(), start_offset_days=40)
    login(member)
    visit(f"/labs/{lab.pk}/log/new/")
    assert_no_english_controls(page)

    date_box = page.locator("input[name=entry_date]")
    today = timezone.localdate()
    assert date_box.input_value() == today.isoformat()
    assert date_box.get_attribute("placeholder") == gettext("e.g. 2026-12-31")

    opener = page.locator("[data-portal-date-open]")
    assert opener.get_attribute("aria-expanded") == "false"
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    assert dialog.is_visible()
    assert opener.get_attribute("aria-expanded") == "true"
    focused = page.evaluate("document.activeElement.dataset.date")
    assert focused == today.isoformat()
    axe_check(page)  # the open calendar too
    # Korean weekday headings, whatever the browser's language.
    assert dialog.locator("thead th").all_inner_texts() == [
        pgettext("weekday initial", name) for name in ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
    ]

    page.keyboard.press("PageUp")  # a month back, then forward again
    assert page.evaluate("document.activeElement.dataset.date") != today.isoformat()
    page.keyboard.press("PageDown")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    picked = today - timedelta(days=8)
    assert page.evaluate("document.activeElement.dataset.date") == picked.isoformat()
    page.keyboard.press("Enter")
    assert not dialog.is_visible()
    assert date_box.input_value() == picked.isoformat()
    assert page.evaluate("document.activeElement.hasAttribute('data-portal-date-open')"), "focus returns"

    opener.focus()
    page.keyboard.press("Enter")
    assert page.get_by_role("dialog").is_visible()
    page.keyboard.press("Escape")
    assert not page.get_by_role("dialog").is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-portal-date-open')")
    assert date_box.input_value() == picked.isoformat()

    first, second = tmp_path / "회의록.pdf", tmp_path / "사진설명.pdf"
    first.write_bytes(PDF)
    second.write_bytes(PDF)
    files = page.get_by_label("첨부파일")
    files.set_input_files([str(first), str(second)])
    items = page.locator("[data-file-items] li")
    assert items.count() == 2
    assert "회의록.pdf [pdf, 1" in items.first.inner_text()
    count = page.locator("[data-file-count]")
    assert count.inner_text() == gettext("Files selected: %(count)s") % {"count": 2}
    page.get_by_role("button", name=f"{gettext('Remove')} 사진설명.pdf").click()
    assert items.count() == 1
    assert page.evaluate("document.querySelector('input[type=file]').files.length") == 1
    assert_no_english_controls(page)
    axe_check(page)

    page.get_by_label("한 일").fill("현장 인터뷰를 했습니다.")
    page.get_by_role("button", name="저장").click()
    page.wait_for_load_state("load")
    entry = LogEntry.objects.get(lab=lab)
    assert entry.entry_date == picked
    assert [a.original_name for a in entry.attachments.all()] == ["회의록.pdf"]


def test_the_unit_sets_a_deadline_with_a_24_hour_select(page, visit, login, korean, transactional_db):
    unit = innovation_unit_user(full_name="박혁신")
    login(unit)
    visit("/calls/new/")
    assert_no_english_controls(page)
    page.locator("input[name=title]").fill("2027년 G-랩 과제 공모")
    page.locator("input[name=code]").fill("2027-G")
    page.locator("textarea[name=description]").fill("도정 혁신 과제를 공모합니다.")
    opens = page.locator("fieldset", has=page.locator("input[name=opens_at_0]"))
    closes = page.locator("fieldset", has=page.locator("input[name=closes_at_0]"))
    # A person types the date in the way they are used to; it is read as yyyy-mm-dd.
    opens.locator("input[name=opens_at_0]").fill("2027.03.02")
    opens.get_by_label(pgettext("hour of the day, after the number", "h")).select_option("09")
    closes.locator("input[name=closes_at_0]").fill("20270331")
    closes.get_by_label(pgettext("hour of the day, after the number", "h")).select_option("18")
    closes.get_by_label(pgettext("minute, after the number", "min")).select_option("30")
    hours = closes.locator("select[name=closes_at_1] option").all_inner_texts()
    assert hours[1:] == [f"{h:02d}" for h in range(24)]  # 24-hour, no AM/PM
    page.get_by_role("button", name="저장").click()
    page.wait_for_load_state("load")
    call = Call.objects.get(title="2027년 G-랩 과제 공모")
    closes_at = timezone.localtime(call.closes_at)
    assert (closes_at.date().isoformat(), closes_at.hour, closes_at.minute) == ("2027-03-31", 18, 30)
    assert str(closes_at.tzinfo) == "Asia/Seoul"


def test_on_a_phone_the_calendar_fits_the_screen(page, visit, login, axe_check, korean, transactional_db):
    member = UserFactory(full_name="김육급")
    lab = running_lab(member, UserFactory(full_name="이칠급"), iu=innovation_unit_user(), start_offset_days=40)
    page.set_viewport_size({"width": 390, "height": 844})
    login(member)
    visit(f"/labs/{lab.pk}/log/new/")
    page.locator("[data-portal-date-open]").click()
    dialog = page.get_by_role("dialog")
    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    day = dialog.locator(f"[data-date='{timezone.localdate().isoformat()}']")
    assert day.bounding_box()["width"] >= 24  # a target a thumb can hit (WCAG 2.5.8)
    axe_check(page)
    day.click()
    assert not dialog.is_visible()
    assert page.locator("input[name=entry_date]").input_value() == timezone.localdate().isoformat()
