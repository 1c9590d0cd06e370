"""The outcomes page leads with results: every call's outcome comes before the ledger's head
(which is for checking later), and the page shows no internal code."""

import pytest
from django.urls import reverse

from ledger.enums import LedgerKind
from tests.notifications.visible_text import raw_codes, visible_text

pytestmark = pytest.mark.django_db


def test_the_outcomes_page_opens_with_results_not_a_hash(staff_client, program):
    html = staff_client.get(reverse("insight:outcomes")).content.decode()
    first_call = html.index('class="insight-call"')
    assert first_call < html.index('id="ledger-title"')
    assert "insight-hash" not in html[:first_call]
    assert raw_codes(html, [*LedgerKind.values, "labs.lab", "proposals.proposal"]) == []
    assert "#" not in visible_text(html[: html.index('id="ledger-title"')])


def test_decided_calls_come_before_a_call_still_open(
    staff_client, program, django_assert_max_num_queries
):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import CallFactory, SubmittedProposalFactory

    open_call = CallFactory(
        title="열린 공모",
        opens_at=timezone.now() - timedelta(days=3),
        closes_at=timezone.now() + timedelta(days=10),
    )
    SubmittedProposalFactory(call=open_call)
    response = staff_client.get(reverse("insight:outcomes"))
    calls = [item.call for item in response.context["outcomes"]]
    assert calls == [program.call, open_call]  # the decided (older) call leads
    html = response.content.decode()
    open_section = html[html.index(f'id="call-{open_call.pk}-title"') :]
    open_section = open_section[: open_section.index("</section>")]
    assert "아직 결정되지 않았습니다." in open_section
    assert "선정 과제" not in open_section and "나머지 제안" not in open_section
    decided = html[
        html.index(f'id="call-{program.call.pk}-title"') : html.index(
            f'id="call-{open_call.pk}-title"'
        )
    ]
    assert (
        "실효성 검토" in decided or "부서 답변" in decided
    )  # the two tallies under their own names
