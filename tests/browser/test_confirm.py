"""With JavaScript, 철회하기 opens a KRDS modal stating what withdrawing does (the text of the
confirmation page), focus on its first control; cancelling or Escape changes nothing and returns focus to
the button; the modal's button withdraws."""

import pytest
from django.utils import translation

from proposals.enums import ProposalStatus
from tests.factories import CallFactory, SubmittedProposalFactory, UserFactory

STATEMENT = (
    "This proposal will be withdrawn. A withdrawn proposal is no longer screened, and this cannot be undone."
)


@pytest.fixture
def submitted(transactional_db):
    staff = UserFactory(full_name="김제안")
    return SubmittedProposalFactory(call=CallFactory(), proposer=staff)


def test_withdraw_opens_a_modal_that_states_what_happens(page, visit, login, axe_check, submitted):
    login(submitted.proposer)
    visit(submitted.get_absolute_url())
    with translation.override("ko"):
        statement = translation.gettext(STATEMENT)

    page.get_by_role("button", name="철회하기").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    assert dialog.get_by_text(statement).is_visible()
    assert dialog.get_by_role("button", name="철회하기").evaluate("el => el === document.activeElement")
    page.screenshot(path="/tmp/confirm_modal.png")
    axe_check(page)
    page.keyboard.press("Escape")
    assert page.get_by_role("dialog").count() == 0
    dialog_opener = page.get_by_role("button", name="철회하기")
    assert dialog_opener.evaluate("el => el === document.activeElement")
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.SUBMITTED

    dialog_opener.click()
    page.get_by_role("dialog").get_by_role("link", name="취소").click()
    assert page.get_by_role("dialog").count() == 0
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.SUBMITTED

    dialog_opener.click()
    with page.expect_navigation():
        page.get_by_role("dialog").get_by_role("button", name="철회하기").click()
    page.wait_for_load_state("load")
    axe_check(page)
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.WITHDRAWN
