import re
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from notifications.models import Notification
from proposals.enums import CoProposerStatus, ProposalStatus
from proposals.models import CoProposer, Proposal
from proposals.selectors import proposal_change_log
from tests.factories import CoProposerFactory, ProposalFactory, UserFactory
from tests.proposals.conftest import CLOSES_AT, OPENS_AT
from tests.proposals.helpers import proposal_data

SECOND = timedelta(seconds=1)
HANGUL = re.compile(r"[\uac00-\ud7a3]")
CLOSED_MESSAGE = "This call is closed. Proposals can no longer be written, changed or withdrawn."


def korean(message: str) -> str:
    with translation.override("ko"):
        return translation.gettext(message)


def create_url(call):
    return reverse("proposals:proposal-create", args=[call.pk])


def update_url(proposal):
    return reverse("proposals:proposal-update", args=[proposal.pk])


def test_draft_saved_through_the_form(staff_client, staff, open_call, department):
    response = staff_client.get(create_url(open_call))
    assert response.status_code == 200
    token = uuid.uuid4()

    response = staff_client.post(
        create_url(open_call),
        proposal_data(
            department=department, token=token, keywords=" 민원 , 전자창구,민원 ", volunteers="on"
        ),
    )

    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.reference == ""
    assert proposal.proposer == staff
    assert proposal.call == open_call
    assert proposal.client_token == token
    assert proposal.title == "민원 서류 발급 절차 간소화"
    assert proposal.owning_department == department
    assert proposal.keyword_list == ["민원", "전자창구"]
    assert proposal.proposer_volunteers is True
    assert not Notification.objects.exists()


def test_a_draft_needs_only_a_title(staff_client, open_call):
    response = staff_client.post(
        create_url(open_call), proposal_data(problem="", idea="", effect="", owning_department="")
    )
    assert response.status_code == 302
    assert Proposal.objects.get().status == ProposalStatus.DRAFT


def test_submit_numbers_per_call_and_sends_a_receipt(
    staff_client,
    staff,
    other_staff,
    open_call,
    department,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            create_url(open_call), proposal_data(department=department, action="submit")
        )

    first = Proposal.objects.get()
    assert response.status_code == 302
    assert first.status == ProposalStatus.SUBMITTED
    assert first.reference == f"{open_call.code}-001"
    assert first.submitted_at is not None

    receipt = Notification.objects.get(recipient=staff)
    assert receipt.kind == "proposal_submitted"
    assert receipt.url == first.get_absolute_url()
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [staff.email]
    assert HANGUL.search(email.subject), email.subject
    assert first.reference in email.subject
    assert first.reference in email.body
    assert email.alternatives and email.alternatives[0][1] == "text/html"

    staff_client.force_login(other_staff)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            create_url(open_call),
            proposal_data(department=department, action="submit", title="두 번째 제안"),
        )
    second = Proposal.objects.get(proposer=other_staff)
    assert second.reference == f"{open_call.code}-002"
    assert [m.to for m in mailoutbox] == [[staff.email], [other_staff.email]]


def test_receipt_goes_to_the_proposer_and_accepted_coproposers_only(
    staff_client, staff, open_call, department, django_capture_on_commit_callbacks, mailoutbox
):
    proposal = ProposalFactory(call=open_call, proposer=staff, owning_department=department)
    accepted = CoProposerFactory(proposal=proposal, status=CoProposerStatus.ACCEPTED).user
    invited = CoProposerFactory(proposal=proposal, status=CoProposerStatus.INVITED).user
    declined = CoProposerFactory(proposal=proposal, status=CoProposerStatus.DECLINED).user

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("proposals:proposal-submit", args=[proposal.pk]))

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    receipts = Notification.objects.filter(kind="proposal_submitted")
    assert {n.recipient for n in receipts} == {staff, accepted}
    assert sorted(address for m in mailoutbox for address in m.to) == sorted(
        [staff.email, accepted.email]
    )
    assert invited.email not in {a for m in mailoutbox for a in m.to}
    assert declined.email not in {a for m in mailoutbox for a in m.to}


@pytest.mark.parametrize("missing", ["problem", "idea", "effect", "owning_department"])
def test_submitting_with_a_missing_section_is_refused(staff_client, open_call, department, missing):
    data = proposal_data(department=department, action="submit", **{missing: ""})
    response = staff_client.post(create_url(open_call), data)

    assert response.status_code == 400
    assert missing in response.context["form"].errors
    assert not Proposal.objects.filter(status=ProposalStatus.SUBMITTED).exists()
    assert not Notification.objects.exists()


def test_submitting_an_incomplete_draft_from_its_page_is_refused(staff_client, staff, open_call):
    proposal = ProposalFactory(call=open_call, proposer=staff, idea="")
    response = staff_client.post(
        reverse("proposals:proposal-submit", args=[proposal.pk]), follow=True
    )
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.reference == ""
    assert not Notification.objects.exists()


# --- The deadline, enforced on the server ------------------------------------------------


@pytest.mark.parametrize("moment", [OPENS_AT, CLOSES_AT - SECOND], ids=["at-opening", "closes-1s"])
def test_submissions_are_accepted_while_the_call_is_open(
    staff_client, fixed_call, department, moment
):
    with time_machine.travel(moment, tick=False):
        response = staff_client.post(
            create_url(fixed_call), proposal_data(department=department, action="submit")
        )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.reference == "2026-G-001"
    assert proposal.submitted_at == moment


@pytest.mark.parametrize(
    "moment",
    [OPENS_AT - SECOND, CLOSES_AT, CLOSES_AT + SECOND],
    ids=["opens-1s", "at-closing", "closes+1s"],
)
@pytest.mark.parametrize("action", ["save", "submit"])
def test_outside_the_call_period_a_post_stores_nothing(
    staff_client, fixed_call, department, moment, action
):
    with time_machine.travel(moment, tick=False):
        page = staff_client.get(create_url(fixed_call))
        response = staff_client.post(
            create_url(fixed_call), proposal_data(department=department, action=action)
        )
        autosave = staff_client.post(
            reverse("proposals:proposal-create-autosave", args=[fixed_call.pk]),
            {"client_token": str(uuid.uuid4()), "title": "자동 저장"},
        )
    assert escape(korean(CLOSED_MESSAGE)) in page.content.decode()
    assert response.status_code == 400
    assert escape(korean(CLOSED_MESSAGE)) in response.content.decode()
    assert autosave.status_code == 200
    assert not Proposal.objects.exists()
    assert not Notification.objects.exists()


def test_the_closed_message_is_korean(staff_client, fixed_call, department):
    with time_machine.travel(CLOSES_AT + SECOND, tick=False):
        response = staff_client.post(
            create_url(fixed_call), proposal_data(department=department, action="submit")
        )
    assert korean(CLOSED_MESSAGE) != CLOSED_MESSAGE, (
        "the Korean catalogue lacks the closed-call message"
    )
    assert HANGUL.search(korean(CLOSED_MESSAGE))
    assert korean(CLOSED_MESSAGE) in response.content.decode()


# --- After submission --------------------------------------------------------------------


def _submit_through_form(client, call, department, **overrides):
    response = client.post(
        create_url(call), proposal_data(department=department, action="submit", **overrides)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Proposal.objects.latest("pk")


def test_editing_after_submission_keeps_it_submitted_and_records_who_changed_what(
    staff_client, staff, fixed_call, department
):
    with time_machine.travel(OPENS_AT + timedelta(days=1), tick=False):
        proposal = _submit_through_form(staff_client, fixed_call, department)
    reference = proposal.reference

    with time_machine.travel(OPENS_AT + timedelta(days=2), tick=False):
        response = staff_client.get(update_url(proposal))
        assert response.status_code == 200
        response = staff_client.post(
            update_url(proposal),
            proposal_data(
                department=department, title="고친 제목", effect="처리 기간이 70% 줄어듭니다."
            ),
        )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.reference == reference
    assert proposal.title == "고친 제목"
    log = proposal_change_log(proposal)
    latest = log[0]
    assert latest["who"] == staff
    assert sorted(latest["changed"]) == sorted(
        [
            str(Proposal._meta.get_field("title").verbose_name),
            str(Proposal._meta.get_field("effect").verbose_name),
        ]
    )
    assert any(entry["reason"] == "submitted" for entry in log)
    # One edit, one entry: no "saved without changes" noise from the same POST.
    assert [e for e in log if not e["created"] and not e["changed"] and not e["reason"]] == []
    detail = staff_client.get(proposal.get_absolute_url()).content.decode()
    assert str(Proposal._meta.get_field("effect").verbose_name) in detail


def test_coproposer_edit_is_recorded_under_their_name(
    client, staff, other_staff, open_call, department
):
    proposal = ProposalFactory(call=open_call, proposer=staff, owning_department=department)
    CoProposerFactory(proposal=proposal, user=other_staff, status=CoProposerStatus.ACCEPTED)
    client.force_login(other_staff)
    response = client.post(
        update_url(proposal),
        proposal_data(department=department, idea="공동 제안자가 고친 개선 방안"),
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.idea == "공동 제안자가 고친 개선 방안"
    assert proposal_change_log(proposal)[0]["who"] == other_staff
    # A co-proposer does not decide who is named.
    assert CoProposer.objects.filter(proposal=proposal).count() == 1


def test_withdraw_until_the_call_closes(staff_client, fixed_call, department):
    with time_machine.travel(OPENS_AT + timedelta(days=1), tick=False):
        proposal = _submit_through_form(staff_client, fixed_call, department)
    with time_machine.travel(CLOSES_AT - SECOND, tick=False):
        response = staff_client.post(reverse("proposals:proposal-withdraw", args=[proposal.pk]), {"confirm": "1"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN


def test_withdraw_after_close_is_refused(staff_client, fixed_call, department):
    with time_machine.travel(OPENS_AT + timedelta(days=1), tick=False):
        proposal = _submit_through_form(staff_client, fixed_call, department)
    with time_machine.travel(CLOSES_AT + SECOND, tick=False):
        response = staff_client.post(
            reverse("proposals:proposal-withdraw", args=[proposal.pk]), follow=True
        )
    assert response.status_code == 200
    assert escape(korean(CLOSED_MESSAGE)) in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_after_close_the_edit_is_refused_and_nothing_changes(staff_client, fixed_call, department):
    with time_machine.travel(OPENS_AT + timedelta(days=1), tick=False):
        proposal = _submit_through_form(staff_client, fixed_call, department)
    before = Proposal.objects.filter(pk=proposal.pk).values().get()
    history_before = proposal.history.count()

    with time_machine.travel(CLOSES_AT + SECOND, tick=False):
        page = staff_client.get(update_url(proposal))
        response = staff_client.post(
            update_url(proposal), proposal_data(department=department, title="마감 후 수정")
        )

    assert escape(korean(CLOSED_MESSAGE)) in page.content.decode()
    assert response.status_code == 400
    assert escape(korean(CLOSED_MESSAGE)) in response.content.decode()
    assert Proposal.objects.filter(pk=proposal.pk).values().get() == before
    assert proposal.history.count() == history_before


def test_double_submit_of_the_same_form_gives_one_proposal(
    staff_client, staff, open_call, department, django_capture_on_commit_callbacks, mailoutbox
):
    data = proposal_data(department=department, action="submit")
    with django_capture_on_commit_callbacks(execute=True):
        first = staff_client.post(create_url(open_call), data)
        second = staff_client.post(create_url(open_call), data)

    proposal = Proposal.objects.get()
    assert first.status_code == 302
    assert second.status_code == 302
    assert second["Location"] == proposal.get_absolute_url()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.reference == f"{open_call.code}-001"
    open_call.refresh_from_db()
    assert open_call.next_reference_number == 2
    assert Notification.objects.filter(kind="proposal_submitted").count() == 1
    assert len(mailoutbox) == 1


def test_save_then_submit_of_the_same_form_gives_one_proposal(staff_client, open_call, department):
    token = uuid.uuid4()
    staff_client.post(
        create_url(open_call), proposal_data(department=department, token=token, action="save")
    )
    response = staff_client.post(
        create_url(open_call), proposal_data(department=department, token=token, action="submit")
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.status == ProposalStatus.SUBMITTED


# --- Autosave ----------------------------------------------------------------------------


def test_autosave_creates_one_draft_per_token_and_updates_it(
    staff_client, staff, open_call, department
):
    token = str(uuid.uuid4())
    url = reverse("proposals:proposal-create-autosave", args=[open_call.pk])

    first = staff_client.post(
        url, {"client_token": token, "title": "자동 저장 제목", "problem": "첫 문장"}
    )
    second = staff_client.post(
        url, {"client_token": token, "title": "자동 저장 제목", "problem": "첫 문장과 둘째 문장"}
    )

    assert first.status_code == second.status_code == 200
    proposal = Proposal.objects.get()
    assert proposal.proposer == staff
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.problem == "첫 문장과 둘째 문장"

    response = staff_client.post(
        reverse("proposals:proposal-autosave", args=[proposal.pk]),
        {
            "client_token": token,
            "title": "자동 저장 제목",
            "problem": "셋째",
            "owning_department": department.pk,
        },
    )
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.problem == "셋째"
    assert proposal.owning_department == department
    assert Proposal.objects.count() == 1

    # The explicit save of the same form finds the autosaved draft.
    staff_client.post(
        reverse("proposals:proposal-create", args=[open_call.pk]),
        proposal_data(department=department, token=token),
    )
    assert Proposal.objects.count() == 1


def test_autosave_without_a_title_stores_nothing(staff_client, open_call):
    response = staff_client.post(
        reverse("proposals:proposal-create-autosave", args=[open_call.pk]),
        {"client_token": str(uuid.uuid4()), "title": "", "problem": "내용만"},
    )
    assert response.status_code == 200
    assert not Proposal.objects.exists()


def test_autosave_does_not_touch_a_submitted_proposal(staff_client, staff, open_call):
    proposal = ProposalFactory(
        call=open_call, proposer=staff, status=ProposalStatus.SUBMITTED, reference="X-001"
    )
    response = staff_client.post(
        reverse("proposals:proposal-autosave", args=[proposal.pk]),
        {"client_token": str(uuid.uuid4()), "title": "바뀐 제목"},
    )
    assert response.status_code in (200, 204)
    proposal.refresh_from_db()
    assert proposal.title != "바뀐 제목"


# --- Co-proposers ------------------------------------------------------------------------


def test_coproposer_invite_accept_and_edit(
    staff_client,
    client,
    staff,
    open_call,
    department,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    colleague = UserFactory(full_name="최동료")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            create_url(open_call),
            proposal_data(department=department, coproposer_numbers=colleague.username),
        )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    link = CoProposer.objects.get(proposal=proposal)
    assert link.user == colleague
    assert link.status == CoProposerStatus.INVITED
    invitation = Notification.objects.get(kind="coproposer_invited")
    assert invitation.recipient == colleague
    assert [m.to for m in mailoutbox] == [[colleague.email]]

    client.force_login(colleague)
    # Invited but not yet accepted: may look, may not edit.
    assert client.get(proposal.get_absolute_url()).status_code == 200
    assert client.get(update_url(proposal)).status_code == 403

    response = client.post(
        reverse("proposals:coproposer-respond", args=[proposal.pk]),
        {"response": "accept", "volunteers": "1"},
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.status == CoProposerStatus.ACCEPTED
    assert link.volunteers is True
    assert link.responded_at is not None
    assert client.get(update_url(proposal)).status_code == 200
    my_list = client.get(reverse("proposals:my-proposals")).content.decode()
    assert proposal.title in my_list


def test_coproposer_who_declines_no_longer_sees_the_proposal(client, staff, other_staff, open_call):
    proposal = ProposalFactory(call=open_call, proposer=staff)
    link = CoProposerFactory(proposal=proposal, user=other_staff, status=CoProposerStatus.INVITED)
    client.force_login(other_staff)

    response = client.post(
        reverse("proposals:coproposer-respond", args=[proposal.pk]), {"response": "decline"}
    )

    assert response.status_code in (302, 404)
    link.refresh_from_db()
    assert link.status == CoProposerStatus.DECLINED
    assert link.volunteers is False
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert client.get(update_url(proposal)).status_code == 404
    assert proposal.title not in client.get(reverse("proposals:my-proposals")).content.decode()


def test_unknown_coproposer_number_is_a_field_error(staff_client, open_call, department):
    response = staff_client.post(
        create_url(open_call), proposal_data(department=department, coproposer_numbers="NOSUCH1")
    )
    assert response.status_code == 400
    assert "coproposer_numbers" in response.context["form"].errors
    assert not Proposal.objects.exists()


def test_a_withdrawn_draft_is_not_a_submission(
    staff_client, staff, innovation_unit, client, open_call
):
    """Only something that was submitted can be withdrawn; a draft never reaches the
    innovation unit's list of submissions."""
    draft = ProposalFactory(call=open_call, proposer=staff, title="제출하지 않은 초안")
    staff_client.post(reverse("proposals:proposal-withdraw", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.DRAFT
    client.force_login(innovation_unit)
    page = client.get(reverse("proposals:call-submissions", args=[open_call.pk])).content.decode()
    assert "제출하지 않은 초안" not in page


def test_autosave_with_the_token_of_a_submitted_proposal_changes_nothing(
    staff_client, open_call, department
):
    token = uuid.uuid4()
    staff_client.post(
        create_url(open_call), proposal_data(department=department, token=token, action="submit")
    )
    proposal = Proposal.objects.get()
    assert proposal.status == ProposalStatus.SUBMITTED
    history = proposal.history.count()

    # The new-proposal page's autosave firing late, after the same form was submitted.
    staff_client.post(
        reverse("proposals:proposal-create-autosave", args=[open_call.pk]),
        {"client_token": str(token), "title": "늦게 도착한 자동 저장"},
    )

    proposal.refresh_from_db()
    assert proposal.title == "민원 서류 발급 절차 간소화"
    assert proposal.history.count() == history
