"""A colleague opens the account menu under their name by keyboard, follows 알림 설정, and
logs out from the same menu; axe clean with the menu open, on a PC (1366×768) and on a phone
(390×844, inside the folded main menu). Chromium in English, the page in Korean."""

import pytest

from tests.browser.helpers import SIZES, ko
from tests.factories import UserFactory


@pytest.fixture
def colleague(transactional_db):
    return UserFactory(full_name="김직원")


def _open_by_keyboard(page, size):
    """Opens the account menu with Enter only (the phone's 메뉴 button first); returns it."""
    if size == "phone":
        toggle = page.locator("[data-menu-toggle]")
        toggle.focus()
        page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "true"
    summary = page.locator("details.portal-account > summary")
    assert summary.inner_text().startswith("김직원")
    summary.focus()
    page.keyboard.press("Enter")
    menu = page.locator("details.portal-account")
    assert menu.get_attribute("open") is not None
    return menu


@pytest.mark.parametrize("size", SIZES)
def test_the_account_menu_by_keyboard(page, visit, login, axe_check, screenshot, colleague, size):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    login(colleague)
    visit("/")
    assert page.locator("html").get_attribute("lang") == "ko"
    account = page.locator("details.portal-account")
    assert not account.get_by_role("link", name=ko("Notification settings")).is_visible()
    # 알림 stays in sight (on a phone, behind the 메뉴 button with its count).
    if size == "desktop":
        assert page.locator(".portal-notifications").is_visible()

    menu = _open_by_keyboard(page, size)
    settings_link = menu.get_by_role("link", name=ko("Notification settings"))
    assert settings_link.is_visible()
    axe_check(page)
    screenshot(page, f"account-menu-open-{size}", full_page=False)

    page.keyboard.press("Escape")  # closes the menu and returns to the name
    assert menu.get_attribute("open") is None
    assert page.evaluate("() => document.activeElement.matches('.portal-account > summary')")

    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # 내 개인정보
    page.keyboard.press("Tab")  # 알림 설정
    assert page.evaluate("() => document.activeElement.textContent.trim()") == ko(
        "Notification settings"
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    assert page.url.endswith("/notifications/settings/")
    axe_check(page)

    menu = _open_by_keyboard(page, size)
    logout = menu.get_by_role("button", name=ko("Log out"))
    logout.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    assert page.locator("details.portal-account").count() == 0
    assert page.locator("a[href='/accounts/login/']").count() >= 1
    axe_check(page)
