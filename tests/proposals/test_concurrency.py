"""Races only a real database shows: simultaneous submissions and double clicks."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from notifications.models import Notification
from proposals import services
from proposals.enums import ProposalStatus
from proposals.models import Proposal
from tests.concurrency import race
from tests.factories import CallFactory, DepartmentFactory, ProposalFactory, UserFactory
from tests.proposals.helpers import proposal_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")




def test_simultaneous_submissions_get_distinct_numbers():
    call = CallFactory(code="2026-G")
    drafts = [ProposalFactory(call=call) for _ in range(6)]

    outcomes = race(
        *[lambda d=d: services.proposal_submit(proposal=d, by=d.proposer) for d in drafts]
    )

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    references = sorted(Proposal.objects.values_list("reference", flat=True))
    assert references == [f"2026-G-{n:03d}" for n in range(1, 7)]
    call.refresh_from_db()
    assert call.next_reference_number == 7


def test_submitting_one_draft_twice_at_once_numbers_it_once():
    draft = ProposalFactory(call=CallFactory(code="2026-G"))

    outcomes = race(
        lambda: services.proposal_submit(proposal=draft, by=draft.proposer),
        lambda: services.proposal_submit(proposal=draft, by=draft.proposer),
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["Proposal", "ValidationError"]
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.SUBMITTED
    assert draft.reference == "2026-G-001"
    assert Notification.objects.filter(kind="proposal_submitted").count() == 1


def test_the_same_form_posted_from_two_tabs_at_once_gives_one_proposal():
    call = CallFactory(code="2026-G")
    department = DepartmentFactory()
    user = UserFactory()
    data = proposal_data(department=department, token=uuid.uuid4(), action="submit")

    def post():
        client = Client()
        client.force_login(user)
        return client.post(reverse("proposals:proposal-create", args=[call.pk]), data).status_code

    outcomes = race(post, post)

    assert outcomes == [302, 302], outcomes
    proposal = Proposal.objects.get()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.reference == "2026-G-001"


def test_the_same_draft_saved_twice_at_once_by_token_is_one_row():
    call = CallFactory()
    user = UserFactory()
    token = uuid.uuid4()

    outcomes = race(
        *[
            lambda i=i: services.proposal_save_draft(
                call=call, by=user, client_token=token, fields={"title": f"자동 저장 {i}"}
            )
            for i in range(3)
        ]
    )

    assert not [
        o for o in outcomes if isinstance(o, Exception) and not isinstance(o, ValidationError)
    ], outcomes
    assert Proposal.objects.filter(proposer=user, client_token=token).count() == 1
