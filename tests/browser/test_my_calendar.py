"""A member of staff opens 내 캘린더 from the notification list, creates a calendar address,
sees it shown once (not again on the next visit), and turns it off: in Korean, with the
breadcrumb of the personal pages, axe clean at 1366×768 and 390×844."""

import pytest
from django.urls import reverse

from notifications.models import CalendarFeed
from tests.browser.helpers import SIZES, ko
from tests.factories import UserFactory


@pytest.fixture
def colleague(transactional_db):
    return UserFactory(full_name="김직원")


def _at(page, axe_check, screenshot, name):
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        axe_check(page)
        screenshot(page, f"my-calendar-{name}-{size}")


def test_a_colleague_creates_sees_once_and_turns_off_a_calendar_address(
    page, visit, login, axe_check, screenshot, colleague
):
    login(colleague)
    visit(reverse("notifications:list"))
    with page.expect_navigation():
        page.get_by_role(
            "link", name=ko("Get your deadlines in your own calendar (My calendar)")
        ).click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.get_by_role("heading", level=1).inner_text() == ko("My calendar")
    crumbs = page.get_by_role("navigation", name=ko("Breadcrumb"))
    assert crumbs.get_by_role("link", name=ko("Notifications")).is_visible()
    assert crumbs.locator("[aria-current=page]").inner_text() == ko("My calendar")
    _at(page, axe_check, screenshot, "empty")

    with page.expect_navigation():
        page.get_by_role("button", name=ko("Create my calendar address")).click()
    page.wait_for_load_state("load")
    address = page.get_by_label(ko("Calendar address (for subscribing)")).input_value()
    assert "/calendar/cal_" in address and address.endswith(".ics")
    assert page.content().count(address) == 1  # once, in the box to copy from
    assert ko("Copy it now: this address is shown only once.") in page.content()
    assert CalendarFeed.objects.filter(user=colleague, revoked_at__isnull=True).count() == 1
    _at(page, axe_check, screenshot, "address")

    page.set_viewport_size({"width": 1366, "height": 768})
    visit(reverse("notifications:calendar"))
    assert address not in page.content() and "/calendar/cal_" not in page.content()

    with page.expect_navigation():
        page.get_by_role("button", name=ko("Turn the address off")).click()
    page.wait_for_load_state("load")
    assert ko(
        "Your calendar address has been turned off. Calendars subscribed to it stop updating."
    ) in (page.get_by_role("status").first.inner_text())
    assert page.get_by_role("button", name=ko("Create my calendar address")).is_visible()
    assert not CalendarFeed.objects.filter(user=colleague, revoked_at__isnull=True).exists()
    _at(page, axe_check, screenshot, "revoked")
