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
