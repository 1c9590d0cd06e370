"""The unit's feedback pages (templates, one message by hand, the release with its confirmation
step) and the proposal page's panel, which shows the released message to its authors only."""

import pytest
from django.db import connection
from django.template.defaultfilters import linebreaksbr
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from notifications.models import Notification
from proposals.enums import CoProposerStatus
from screening import feedback, services
from screening.models import Feedback, FeedbackSet
from tests.db import row_counts
from tests.factories import CoProposerFactory, UserFactory
from tests.factories.screening import ClosedCallFactory, EntryFactory, setup_screening
from tests.screening.feedback_world import decided_call

TEMPLATE = "{title} 제안에 대한 결과 안내: {outcome} ({summary})"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _shown_message(call, proposal) -> str:
    """The message as the unit's page shows it, in Korean."""
    with translation.override("ko"):
        text = feedback.template_message(
            feedback_set=feedback.feedback_set_of(call.screening), proposal=proposal
        )
    return linebreaksbr(text)


def _urls(call, proposal=None):
    urls = {
        "page": reverse("screening:feedback", kwargs={"call_pk": call.pk}),
        "release": reverse("screening:feedback-release", kwargs={"call_pk": call.pk}),
    }
    if proposal is not None:
        urls["edit"] = reverse(
            "screening:feedback-edit", kwargs={"call_pk": call.pk, "pk": proposal.pk}
        )
    return urls


def test_the_unit_writes_edits_and_releases_the_messages(client, innovation_unit):
    call, proposals, _board = decided_call(innovation_unit)
    urls = _urls(call, proposals[1])
    client.force_login(innovation_unit)

    page = client.get(urls["page"]).content.decode()
    assert _shown_message(call, proposals[0]) in page  # the default wording, filled, in Korean
    assert urls["edit"] in page

    data = {
        "selected_template": TEMPLATE,
        "not_selected_template": TEMPLATE,
        "summary": "rank_band",
    }
    assert client.post(urls["page"], data).status_code == 302
    page = client.get(urls["page"]).content.decode()
    assert "제안 0 제안에 대한 결과 안내: " in page
    assert _shown_message(call, proposals[0]) in page

    assert client.get(urls["edit"]).status_code == 200
    assert client.post(urls["edit"], {"body": "{제목}: 직접 쓴 안내"}).status_code == 302
    assert Feedback.objects.get(proposal=proposals[1]).body == "제안 1: 직접 쓴 안내"

    # Without confirm=1 the release only asks, and writes nothing.
    before = row_counts()
    response = client.post(urls["release"])
    assert response.status_code == 200 and "data-confirm-step" in response.content.decode()
    assert row_counts() == before

    response = client.post(urls["release"], {"confirm": "1"}, follow=True)
    assert "portal-notice-success" in response.content.decode()
    assert FeedbackSet.objects.get().is_released
    assert Notification.objects.filter(kind="screening_feedback").count() == 5

    # Read-only from now on: no form, no edit link; a POST changes nothing.
    page = client.get(urls["page"]).content.decode()
    assert 'name="selected_template"' not in page and urls["edit"] not in page
    before = row_counts()
    posts = (
        (urls["page"], data),
        (urls["edit"], {"body": "늦은 수정"}),
        (urls["release"], {"confirm": "1"}),
    )
    for url, posted in posts:
        assert client.post(url, posted).status_code == 302
    assert row_counts() == before


def test_a_template_with_an_unknown_field_is_shown_on_the_form(client, innovation_unit):
    call, _proposals, _board = decided_call(innovation_unit, entries=2)
    client.force_login(innovation_unit)
    data = {
        "selected_template": "{title} {reviewer}",
        "not_selected_template": TEMPLATE,
        "summary": "none",
    }
    response = client.post(_urls(call)["page"], data)
    assert response.status_code == 200
    assert (
        "{reviewer}" in response.content.decode().split("<textarea")[0]
    )  # the error, above the field
    assert not FeedbackSet.objects.exists()


def test_before_the_decision_the_page_only_says_so(client, innovation_unit):
    call = ClosedCallFactory()
    entry = EntryFactory(call=call)
    setup_screening(call=call, by=innovation_unit, members=[UserFactory()])
    client.force_login(innovation_unit)
    urls = _urls(call, entry)
    page = client.get(urls["page"]).content.decode()
    assert 'name="selected_template"' not in page and urls["edit"] not in page
    before = row_counts()
    for url in urls.values():
        assert client.post(url, {"body": "x", "confirm": "1"}).status_code == 302
    assert row_counts() == before


def test_another_calls_entry_has_no_edit_page(client, innovation_unit):
    call, _proposals, _board = decided_call(innovation_unit, entries=2)
    _other, other_proposals, _ = decided_call(innovation_unit, entries=2)
    client.force_login(innovation_unit)
    url = reverse(
        "screening:feedback-edit", kwargs={"call_pk": call.pk, "pk": other_proposals[0].pk}
    )
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "x"}).status_code == 404
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("who", ["staff", "board", "proposer"])
def test_only_the_unit_opens_the_pages(client, innovation_unit, staff, who):
    call, proposals, board = decided_call(innovation_unit, entries=2)
    person = {"staff": staff, "board": board[0], "proposer": proposals[0].proposer}[who]
    client.force_login(person)
    before = row_counts()
    for url in _urls(call, proposals[0]).values():
        assert client.get(url).status_code in (403, 405)
        assert client.post(url, {"body": "x", "confirm": "1"}).status_code == 403
    assert row_counts() == before


def test_the_proposal_page_shows_the_released_message_to_its_authors_only(
    client, innovation_unit, staff
):
    call, proposals, board = decided_call(innovation_unit, entries=2)
    proposal = proposals[0]
    invited = CoProposerFactory(
        proposal=proposal, user=UserFactory(), status=CoProposerStatus.DECLINED
    ).user
    accepted = proposal.coproposers.get(status=CoProposerStatus.ACCEPTED).user
    services.feedback_edit(
        call=call, proposal=proposal, by=innovation_unit, body="축하합니다, 특별한결과안내문"
    )
    url = proposal.get_absolute_url()

    def shown(user):
        client.force_login(user)
        response = client.get(url)
        return response.status_code, "특별한결과안내문" in response.content.decode()

    assert shown(proposal.proposer) == (200, False)  # not yet released
    services.feedback_release(call=call, by=innovation_unit)
    assert shown(proposal.proposer) == (200, True)
    assert shown(accepted) == (200, True)
    assert shown(innovation_unit) == (200, False)
    assert shown(invited)[1] is False
    assert shown(staff) == (404, False)
    assert shown(board[0]) == (404, False)
    assert shown(proposals[1].proposer)[1] is False  # the other entry's proposer: not theirs


def _count(client, user, url) -> int:
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_feedback_page_runs_the_same_queries_for_few_and_many_entries(client, innovation_unit):
    counts = []
    for entries in (2, 12):
        call, proposals, _board = decided_call(innovation_unit, entries=entries, board_size=1)
        services.feedback_edit(
            call=call, proposal=proposals[1], by=innovation_unit, body="직접 쓴 안내"
        )
        counts.append(_count(client, innovation_unit, _urls(call)["page"]))
    assert counts[0] == counts[1]


def test_the_proposal_page_runs_the_same_queries_with_a_short_or_long_feedback(
    client, innovation_unit
):
    counts = []
    for body in ("짧은 안내", "긴 안내\n" * 200):
        call, proposals, _board = decided_call(innovation_unit, entries=2, board_size=1)
        services.feedback_edit(call=call, proposal=proposals[0], by=innovation_unit, body=body)
        services.feedback_release(call=call, by=innovation_unit)
        counts.append(_count(client, proposals[0].proposer, proposals[0].get_absolute_url()))
    assert counts[0] == counts[1]


def test_the_units_home_points_to_the_feedback_until_it_is_released(client, innovation_unit):
    call, _proposals, _board = decided_call(innovation_unit, entries=2, board_size=1)
    client.force_login(innovation_unit)
    url = _urls(call)["page"]
    assert f'href="{url}"' in client.get(reverse("home")).content.decode()
    services.feedback_release(call=call, by=innovation_unit)
    assert f'href="{url}"' not in client.get(reverse("home")).content.decode()
