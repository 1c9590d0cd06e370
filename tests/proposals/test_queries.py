"""List pages run a fixed number of queries, however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals import services
from proposals.enums import CoProposerStatus
from tests.factories import (
    CallFactory,
    CoProposerFactory,
    ProposalFactory,
    SubmittedProposalFactory,
    UserFactory,
)
from tests.proposals.helpers import sample_upload

MAX_QUERIES = 15


def count_queries(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def _calls(n):
    for _ in range(n):
        call = CallFactory()
        SubmittedProposalFactory(call=call, reference=f"{call.code}-001")


def _my_proposals(n, user):
    for _ in range(n):
        proposal = ProposalFactory(proposer=user, call=CallFactory())
        CoProposerFactory(proposal=proposal, status=CoProposerStatus.ACCEPTED)
        # …and some where the user is the co-proposer.
        theirs = SubmittedProposalFactory()
        CoProposerFactory(proposal=theirs, user=user, status=CoProposerStatus.ACCEPTED)


def _submissions(n, call, start=0):
    for i in range(start, start + n):
        proposal = SubmittedProposalFactory(
            call=call, proposer=UserFactory(), reference=f"{call.code}-{i + 1:03d}"
        )
        if i % 3 == 0:
            services.attachment_add(
                proposal=proposal, upload=sample_upload("pdf"), by=proposal.proposer
            )


@pytest.mark.parametrize("which", ["call-list", "home"])
def test_call_pages_run_a_fixed_number_of_queries(client, staff, which):
    client.force_login(staff)
    url = reverse("proposals:call-list") if which == "call-list" else reverse("home")
    _calls(1)
    few, _ = count_queries(client, url)
    _calls(29)
    many, sql = count_queries(client, url)
    assert few == many, "\n".join(sql)
    assert many <= MAX_QUERIES, "\n".join(sql)


@pytest.mark.parametrize("which", ["my-proposals", "home"])
def test_my_proposals_runs_a_fixed_number_of_queries(client, staff, which):
    client.force_login(staff)
    url = reverse("proposals:my-proposals") if which == "my-proposals" else reverse("home")
    _my_proposals(1, staff)
    few, _ = count_queries(client, url)
    _my_proposals(14, staff)  # 30 rows: 15 proposed, 15 co-proposed
    many, sql = count_queries(client, url)
    assert few == many, "\n".join(sql)
    assert many <= MAX_QUERIES, "\n".join(sql)


@pytest.mark.parametrize("query", ["", "?status=submitted", "?q=블록체인"])
def test_submission_list_runs_a_fixed_number_of_queries(client, innovation_unit, open_call, query):
    client.force_login(innovation_unit)
    url = reverse("proposals:call-submissions", args=[open_call.pk]) + query
    _submissions(1, open_call)
    few, _ = count_queries(client, url)
    _submissions(29, open_call, start=1)
    many, sql = count_queries(client, url)
    assert few == many, "\n".join(sql)
    assert many <= MAX_QUERIES, "\n".join(sql)


def test_proposal_page_runs_a_fixed_number_of_queries(client, staff, open_call):
    client.force_login(staff)
    proposal = ProposalFactory(call=open_call, proposer=staff)
    CoProposerFactory(proposal=proposal)
    services.attachment_add(proposal=proposal, upload=sample_upload("pdf"), by=staff)
    few, _ = count_queries(client, proposal.get_absolute_url())
    for _ in range(9):
        CoProposerFactory(proposal=proposal)
        services.attachment_add(proposal=proposal, upload=sample_upload("png"), by=staff)
    many, sql = count_queries(client, proposal.get_absolute_url())
    assert few == many, "\n".join(sql)
