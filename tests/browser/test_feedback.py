"""The innovation unit edits one proposer's message and releases all of a call's messages through
the confirmation modal; the proposer then reads theirs on their proposal's page (결과 안내)."""

import os
from pathlib import Path

import pytest
from django.utils import translation

from notifications.models import Notification
from screening.models import FeedbackSet
from tests.factories import innovation_unit_user
from tests.screening.feedback_world import BOARD_COMMENT, BOARD_NAMES, decided_call

ARTEFACTS = Path(os.environ.get("BROWSER_ARTEFACTS", "/tmp/glab-browser-artefacts"))
OWN_WORDS = "도전적인 제안에 감사드립니다. 실효성 검토 결과를 곧 알려 드리겠습니다."


@pytest.fixture
def decided(transactional_db):
    unit = innovation_unit_user(full_name="박혁신")
    call, proposals, _board = decided_call(unit, entries=3)
    return unit, call, proposals


def test_the_unit_releases_and_the_proposer_reads_the_feedback(page, visit, login, axe_check, decided):
    unit, call, proposals = decided
    not_selected = proposals[1]
    login(unit)
    visit(f"/screening/{call.pk}/feedback/")
    visit(f"/screening/{call.pk}/feedback/{not_selected.pk}/")
    page.locator("textarea[name=body]").fill(OWN_WORDS)
    with page.expect_navigation():
        page.locator("form:has(textarea[name=body]) button[type=submit]").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert OWN_WORDS in page.content()

    # The release asks first, in a modal; its button releases every message.
    page.locator("form[data-confirm] button[type=submit]").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    axe_check(page)
    with page.expect_navigation():
        dialog.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert FeedbackSet.objects.get().is_released
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "feedback-released.png"), full_page=True)
    assert Notification.objects.filter(kind="screening_feedback", about_id=not_selected.pk).exists()

    page.context.clear_cookies()
    login(not_selected.proposer)
    visit(not_selected.get_absolute_url())
    panel = page.locator("section[aria-labelledby=feedback-panel-heading]")
    assert OWN_WORDS in panel.inner_text()
    with translation.override("ko"):
        heading = translation.gettext("Feedback from the innovation unit")
    assert panel.get_by_role("heading", name=heading).is_visible()
    panel.screenshot(path=str(ARTEFACTS / "feedback-proposal-panel.png"))
    content = page.content()
    assert BOARD_COMMENT not in content
    assert not any(name in content for name in BOARD_NAMES)
    assert page.evaluate("() => document.documentElement.lang") == "ko"
