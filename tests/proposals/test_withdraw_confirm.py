"""Withdrawing cannot be undone: a POST without the confirm step writes nothing and says what
withdrawing does; the confirm step withdraws."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from proposals.enums import ProposalStatus
from tests.db import row_counts
from tests.factories import SubmittedProposalFactory

pytestmark = pytest.mark.django_db

STATEMENT = (
    "This proposal will be withdrawn. A withdrawn proposal is no longer screened, and this cannot be undone."
)


def _in_korean(message: str) -> str:
    with translation.override("ko"):
        return escape(translation.gettext(message))


def test_withdraw_without_confirm_writes_nothing_and_states_what_happens(staff_client, staff, open_call):
    proposal = SubmittedProposalFactory(call=open_call, proposer=staff)
    url = reverse("proposals:proposal-withdraw", args=[proposal.pk])
    before = row_counts()

    response = staff_client.post(url)

    assert response.status_code == 200
    assert row_counts() == before
    page = response.content.decode()
    assert _in_korean(STATEMENT) in page
    assert 'name="confirm" value="1"' in page and f'action="{url}"' in page
    assert f'href="{proposal.get_absolute_url()}"' in page
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_withdraw_with_confirm_withdraws(staff_client, staff, open_call):
    proposal = SubmittedProposalFactory(call=open_call, proposer=staff)

    response = staff_client.post(reverse("proposals:proposal-withdraw", args=[proposal.pk]), {"confirm": "1"})

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN


def test_no_confirmation_page_for_someone_elses_proposal(client, other_staff, staff, open_call):
    proposal = SubmittedProposalFactory(call=open_call, proposer=staff)
    client.force_login(other_staff)
    before = row_counts()
    assert client.post(reverse("proposals:proposal-withdraw", args=[proposal.pk])).status_code == 404
    assert row_counts() == before
