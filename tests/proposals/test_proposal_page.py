"""A proposal's page shows what is true now, for the person viewing it: every change to what it
shows appears at once (its own edits, co-proposers' answers, the screening outcome, routing,
the lab, admin edits), one person's page is never another's, and access is decided on every
request. The page is rendered afresh each time (no HTML cache: issue 15); these tests guard
against one coming back."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.services import user_grant_role
from labs import services as lab_services
from labs.terms import term_end
from proposals import services
from proposals.enums import CoProposerStatus, ProposalStatus
from proposals.models import Call
from routing import services as routing_services
from routing.enums import ReviewVerdict, RoutingStatus
from screening import services as screening_services
from tests.factories import (
    CoProposerFactory,
    DepartmentFactory,
    ProposalFactory,
    SubmittedProposalFactory,
    UserFactory,
    innovation_unit_user,
)
from tests.factories.labs import SelectedProposalFactory
from tests.factories.routing import NotSelectedProposalFactory, liaison_user
from tests.factories.screening import (
    ClosedCallFactory,
    EntryFactory,
    board_member,
    score_all,
    setup_screening,
)

pytestmark = pytest.mark.django_db


def page(client, proposal) -> str:
    response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def logged_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def test_the_page_cache_is_per_viewer():
    proposal = ProposalFactory()
    invited = CoProposerFactory(proposal=proposal, status=CoProposerStatus.INVITED).user
    proposer_page = page(logged_in(proposal.proposer), proposal)
    assert reverse("proposals:proposal-update", args=[proposal.pk]) in proposer_page
    assert reverse("proposals:coproposer-respond", args=[proposal.pk]) not in proposer_page
    invited_page = page(logged_in(invited), proposal)
    assert reverse("proposals:coproposer-respond", args=[proposal.pk]) in invited_page
    assert reverse("proposals:proposal-update", args=[proposal.pk]) not in invited_page


def test_access_is_decided_on_every_request():
    proposal = ProposalFactory()
    named = CoProposerFactory(proposal=proposal).user
    client = logged_in(named)
    page(client, proposal)
    services.proposal_set_coproposers(proposal=proposal, users=[], by=proposal.proposer)
    assert client.get(proposal.get_absolute_url()).status_code == 404


def test_the_csrf_token_is_the_sessions_own():
    """Two sessions of one person each get a token their session accepts."""
    proposal = ProposalFactory()
    first = logged_in(proposal.proposer, enforce_csrf_checks=True)
    second = logged_in(proposal.proposer, enforce_csrf_checks=True)
    page(first, proposal)
    body = page(second, proposal)
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert tokens
    response = second.post(reverse("proposals:proposal-submit", args=[proposal.pk]), {"csrfmiddlewaretoken": tokens[-1]})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_own_edits_and_co_proposers_answers_show_at_once():
    proposal = ProposalFactory()
    invited = CoProposerFactory(proposal=proposal, status=CoProposerStatus.INVITED).user
    client = logged_in(proposal.proposer)
    assert f"{invited.full_name} (수락 대기)" in page(client, proposal)  # awaiting acceptance
    services.coproposer_respond(proposal=proposal, by=invited, accept=True, volunteers=True)
    assert f"{invited.full_name} (수락," in page(client, proposal)  # accepted, volunteers
    services.proposal_save_draft(
        call=proposal.call, by=proposal.proposer, client_token=proposal.client_token, proposal=proposal,
        fields={"title": "새 제목으로 고침"},
    )
    assert "새 제목으로 고침" in page(client, proposal)
    upload = SimpleUploadedFile("계획서.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    services.attachment_add(proposal=proposal, upload=upload, by=proposal.proposer)
    assert "계획서.pdf" in page(client, proposal)
    proposal.refresh_from_db()
    services.attachment_delete(attachment=proposal.attachments.get(), by=proposal.proposer)
    assert "계획서.pdf" not in page(client, proposal)


def test_the_call_title_and_the_clock_show_at_once():
    proposal = ProposalFactory()
    client = logged_in(proposal.proposer)
    assert reverse("proposals:proposal-update", args=[proposal.pk]) in page(client, proposal)
    call = proposal.call
    services.call_update(call=call, by=call.created_by, title="이름이 바뀐 공모")
    assert "이름이 바뀐 공모" in page(client, proposal)
    # The call closes by the clock alone: nothing is saved, the Edit button goes.
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert reverse("proposals:proposal-update", args=[proposal.pk]) not in page(client, proposal)


def test_the_screening_outcome_shows_at_once():
    iu, member = innovation_unit_user(), board_member()
    call = ClosedCallFactory()
    entry = EntryFactory(call=call)
    screening = setup_screening(call=call, by=iu, members=[member])
    score_all(screening=screening, proposal=entry, by=member, value=4)
    client = logged_in(entry.proposer)
    assert "선정 사유를 적습니다" not in page(client, entry)
    screening_services.screening_decide(call=screening.call, by=iu, selected=[entry], rationale="선정 사유를 적습니다")
    assert "선정 사유를 적습니다" in page(client, entry)


def test_routing_verdicts_and_answers_show_at_once():
    iu = innovation_unit_user()
    proposal = NotSelectedProposalFactory()
    department = DepartmentFactory(name="교통정책과")
    liaison = liaison_user(department)
    client = logged_in(proposal.proposer)
    assert "교통정책과" not in page(client, proposal)
    routing_services.proposal_review(proposal=proposal, by=iu, verdict=ReviewVerdict.ROUTE, departments=[department])
    assert "교통정책과" in page(client, proposal)
    routing = proposal.routings.get()
    routing_services.routing_answer(
        routing=routing, by=liaison, status=RoutingStatus.ADOPTED, text="내년 예산에 반영해 추진합니다",
        target_date=timezone.localdate() + timedelta(days=90),
    )
    assert "내년 예산에 반영해 추진합니다" in page(client, proposal)


def test_the_lab_shows_at_once():
    iu = innovation_unit_user()
    proposal = SelectedProposalFactory()
    client = logged_in(proposal.proposer)
    assert "혁신 실험 랩" not in page(client, proposal)
    start = timezone.localdate() + timedelta(days=7)
    lab = lab_services.lab_form(
        proposal=proposal, by=iu, name="혁신 실험 랩", mission="함께 실험합니다.", start_date=start, end_date=term_end(start, 6)
    )
    assert "혁신 실험 랩" in page(client, proposal)
    lab_services.lab_update(lab=lab, by=iu, name="이름을 바꾼 랩")
    assert "이름을 바꾼 랩" in page(client, proposal)


def test_a_new_role_changes_the_page():
    """The innovation unit gets the "Form a lab" button; the key carries the viewer's roles."""
    proposal = SelectedProposalFactory()
    viewer = CoProposerFactory(proposal=proposal).user
    client = logged_in(viewer)
    form_lab = reverse("labs:lab-create", args=[proposal.pk])
    assert form_lab not in page(client, proposal)
    user_grant_role(user=viewer, role=Role.INNOVATION_UNIT)
    assert form_lab in page(client, proposal)


def test_admin_edits_and_deletions_show_at_once(admin_client):
    """The receivers (proposals.panels.touch_proposal_on_change) cover paths outside the services."""
    proposal = NotSelectedProposalFactory()
    link = CoProposerFactory(proposal=proposal)
    department = DepartmentFactory(name="교통정책과")
    routing_services.proposal_review(
        proposal=proposal, by=innovation_unit_user(), verdict=ReviewVerdict.ROUTE, departments=[department]
    )
    client = logged_in(proposal.proposer)
    body = page(client, proposal)
    assert link.user.full_name in body and "교통정책과" in body
    admin_client.post(reverse("admin:proposals_coproposer_delete", args=[link.pk]), {"post": "yes"})
    routing = proposal.routings.get()
    admin_client.post(reverse("admin:routing_routing_delete", args=[routing.pk]), {"post": "yes"})
    body = page(client, proposal)
    assert link.user.full_name not in body and "교통정책과" not in body


def test_other_people_are_never_shown_a_cached_page_of_someone_else(client):
    """The same proposal seen by the proposer, then by a stranger (404) and by the unit."""
    proposal = SubmittedProposalFactory()
    page(logged_in(proposal.proposer), proposal)
    assert logged_in(UserFactory()).get(proposal.get_absolute_url()).status_code == 404
    unit_page = page(logged_in(innovation_unit_user()), proposal)
    assert reverse("proposals:proposal-withdraw", args=[proposal.pk]) not in unit_page
