"""Deferred panels (core.panels): the page links them, the panel view serves them to whoever
may see the proposal, bare for htmx and as a page of its own without JavaScript."""

import pytest
from django.urls import reverse

from proposals import services
from tests.factories import ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


def _panel_url(proposal, slug="history"):
    return reverse("proposals:proposal-panel", kwargs={"pk": proposal.pk, "slug": slug})


@pytest.fixture
def proposal(staff):
    proposal = ProposalFactory(proposer=staff, title="원래 제목")
    services.proposal_save_draft(
        proposal=proposal, by=staff, call=proposal.call, client_token=proposal.client_token, fields={"title": "바뀐 제목"}
    )
    return proposal


def test_the_page_links_the_history_and_htmx_gets_it_bare(client, staff, proposal):
    client.force_login(staff)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert f'hx-get="{_panel_url(proposal)}"' in page
    assert f'href="{_panel_url(proposal)}"' in page  # the link that works without JavaScript
    assert "portal-history" not in page
    bare = client.get(_panel_url(proposal), HTTP_HX_REQUEST="true")
    html = bare.content.decode()
    assert bare.status_code == 200 and "<html" not in html
    assert "portal-history" in html and "김직원" in html


def test_without_javascript_the_panel_is_a_page(client, staff, proposal):
    client.force_login(staff)
    response = client.get(_panel_url(proposal))
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html and "portal-history" in html
    assert proposal.get_absolute_url() in html


def test_panel_of_a_proposal_one_may_not_see_is_404(client, proposal):
    client.force_login(UserFactory())
    assert client.get(_panel_url(proposal)).status_code == 404
    assert client.get(_panel_url(proposal), HTTP_HX_REQUEST="true").status_code == 404


def test_unknown_panel_is_404(client, staff, proposal):
    client.force_login(staff)
    assert client.get(_panel_url(proposal, "nonsense")).status_code == 404


def test_a_panel_not_for_this_person_is_empty(client, staff):
    draft = ProposalFactory(proposer=staff)  # no similar-proposals panel on a draft
    client.force_login(staff)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'data-panel="history"' in page and 'data-panel="similar"' not in page
    response = client.get(_panel_url(draft, "similar"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.content == b""
