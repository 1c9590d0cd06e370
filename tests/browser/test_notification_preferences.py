"""A colleague opens 알림 설정 from the account menu under their name in the header, chooses
the daily digest for the screening result of their proposals, saves, and sees it saved (issue
20, part 3). Chromium in English, the page in Korean, axe clean."""

import pytest
from django.utils import translation

from notifications.enums import Delivery, NotificationKind, notification_kind_label
from notifications.models import NotificationPreference
from tests.factories import UserFactory

KIND = NotificationKind.SCREENING_OUTCOME_SELECTED


@pytest.fixture
def colleague(transactional_db):
    return UserFactory(full_name="김직원")


def test_a_colleague_chooses_the_digest_and_sees_it_saved(
    page, visit, login, axe_check, screenshot, colleague
):
    login(colleague)
    visit("/")
    with translation.override("ko"):
        settings_link = translation.gettext("Notification settings")
        kind_label = str(notification_kind_label(KIND))
        digest = str(Delivery.DIGEST.label)
        portal = str(Delivery.PORTAL.label)
        save = translation.gettext("Save notification settings")
        saved = translation.ngettext(
            "Your notification settings have been saved: %(count)s kind changed.",
            "Your notification settings have been saved: %(count)s kinds changed.",
            1,
        ) % {"count": 1}
    page.locator("details.portal-account > summary").click()  # the account menu, by their name
    with page.expect_navigation():
        page.locator("details.portal-account").get_by_role("link", name=settings_link).click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.locator("html").get_attribute("lang") == "ko"

    choice = page.get_by_role("group", name=kind_label, exact=True)
    assert choice.get_by_label(portal).count() == 0  # a required notice cannot be switched off
    choice.get_by_text(digest, exact=True).click()  # the KRDS label is what a person clicks
    assert choice.get_by_label(digest).is_checked()
    screenshot(page, "notification-preferences")
    with page.expect_navigation():
        page.get_by_role("button", name=save).click()
    page.wait_for_load_state("load")
    axe_check(page)

    assert saved in page.get_by_role("status").first.inner_text()
    assert page.get_by_role("group", name=kind_label, exact=True).get_by_label(digest).is_checked()
    assert dict(
        NotificationPreference.objects.filter(user=colleague).values_list("kind", "delivery")
    ) == {KIND: Delivery.DIGEST}
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "notification-preferences-phone", full_page=False)
