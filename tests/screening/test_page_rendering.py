"""The ranking's and the workspace's cells: the score through Django's own filters, the badges
through the one ``{% badge %}`` helper, and the ranking showing what is true now (a review, the
rubric, the form's choices, the language)."""

import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import translation

from core.templatetags import badge
from proposals.enums import ProposalStatus
from screening import selectors, services
from screening.enums import ReviewState
from screening.templatetags.screening_tags import outcome_badge, review_state_badge
from tests.factories import UserFactory
from tests.factories.screening import ClosedCallFactory, EntryFactory, score_all, setup_screening


@pytest.mark.parametrize("value", [None, 0, 1, 3.0, 2.675, 1.005, 4.999, 2.5, 1 / 3, 12345.678])
def test_score_cell_is_floatformat_two_places_or_a_dash(value):
    """The ranking's score cells: ``floatformat:2``, and "-" where there is no score yet."""
    cell = Template('{{ value|floatformat:2|default:"-" }}')
    for language in ("ko", "en"):
        with translation.override(language):
            assert cell.render(Context({"value": value})) == ("-" if value is None else floatformat(value, 2))


@pytest.mark.parametrize(
    ("status", "tone"),
    [(ProposalStatus.SELECTED, "success"), (ProposalStatus.NOT_SELECTED, "neutral"), (ProposalStatus.SUBMITTED, None)],
)
def test_outcome_badge_is_the_badge_tag_or_a_dash(status, tone):
    expected = "-" if tone is None else badge(ProposalStatus(status).label, tone)
    assert outcome_badge(status) == expected


@pytest.mark.parametrize(
    ("state", "tone"),
    [(ReviewState.SCORED, "success"), (ReviewState.ABSTAINED, "neutral"), (ReviewState.TODO, "warning")],
)
def test_review_state_badge_is_the_badge_tag(state, tone):
    assert review_state_badge(state) == badge(ReviewState(state).label, tone)


def test_workspace_counts_every_state_even_when_empty(innovation_unit):
    call = ClosedCallFactory()
    member, other_member = UserFactory(), UserFactory()
    entries = [EntryFactory(call=call) for _ in range(3)]
    EntryFactory(call=call, proposer=member)  # their own: a conflict, never counted
    screening = setup_screening(call=call, by=innovation_unit, members=[member, other_member])
    score_all(screening=screening, proposal=entries[0], by=member, value=4)
    services.review_abstain(proposal=entries[1], by=other_member, reason="이해관계")
    counts = selectors.workspace_counts(call=call, user=member)
    assert counts == {ReviewState.TODO: 2, ReviewState.SCORED: 1, ReviewState.ABSTAINED: 0}
    assert selectors.workspace_counts(call=call, user=other_member) == {
        ReviewState.TODO: 3, ReviewState.SCORED: 0, ReviewState.ABSTAINED: 1
    }
    assert selectors.workspace_counts(call=call, user=UserFactory()) == dict.fromkeys(ReviewState.values, 0)


def _ranked_call(innovation_unit, *, entries: int):
    call = ClosedCallFactory()
    proposals = [EntryFactory(call=call) for _ in range(entries)]
    member = UserFactory()
    screening = setup_screening(call=call, by=innovation_unit, members=[member])
    return call, screening, proposals, member


def test_rows_follow_the_choices_of_the_form(client, innovation_unit):
    call, screening, proposals, member = _ranked_call(innovation_unit, entries=22)
    for n, proposal in enumerate(proposals):
        score_all(screening=screening, proposal=proposal, by=member, value=5 if n < 21 else 1)
    url = reverse("screening:ranking", kwargs={"call_pk": call.pk})
    last = proposals[-1]
    row_checkbox = f'name="selected" value="{last.pk}" form="decision-form"'
    client.force_login(innovation_unit)
    assert row_checkbox in client.get(url).content.decode()
    # Picked through its row, the entry joins the form: its row says so, not a second checkbox.
    response = client.post(url, {"selected": [last.pk], "rationale": "현장 파급력"})
    assert response.status_code == 200
    assert row_checkbox not in response.content.decode()
    assert row_checkbox in client.get(url).content.decode()


def test_rows_follow_reviews_rubric_and_language(client, innovation_unit):
    call, screening, (first, second), member = _ranked_call(innovation_unit, entries=2)
    url = reverse("screening:ranking", kwargs={"call_pk": call.pk})
    client.force_login(innovation_unit)
    assert client.get(url).content.decode().count("<td>-</td>") > 0
    criteria = list(screening.criteria.all())
    # Before the first review the rubric may still change: the rows follow it.
    services.rubric_update(
        screening=screening,
        by=innovation_unit,
        rows=[{"id": c.pk, "name": c.name, "description": "", "weight": c.weight, "delete": c != criteria[0]}
              for c in criteria],
    )
    assert len(client.get(url).context["results"][0].criterion_means) == 1
    score_all(screening=screening, proposal=second, by=member, value=4)
    page = client.get(url).content.decode()
    assert page.index(second.reference) < page.index(first.reference)
    assert "<td>4.00</td>" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "in the form below" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    assert "in the form below" not in client.get(url).content.decode()


def test_rows_show_the_outcome_once_decided(client, innovation_unit):
    call, screening, (first, second), member = _ranked_call(innovation_unit, entries=2)
    score_all(screening=screening, proposal=first, by=member, value=5)
    url = reverse("screening:ranking", kwargs={"call_pk": call.pk})
    client.force_login(innovation_unit)
    client.get(url)
    services.screening_decide(call=call, by=innovation_unit, selected=[first], rationale="선정")
    page = client.get(url).content.decode()
    assert outcome_badge(ProposalStatus.SELECTED) in page
    assert outcome_badge(ProposalStatus.NOT_SELECTED) in page
