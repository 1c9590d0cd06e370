"""The ledger's pages say what happened in words: every kind and object type by its label, the
actor by name (or "deleted user"), never a code such as ``lab.closed``, ``labs.lab #2`` or
``#18``; the recorded data waits behind "Details" for auditors, in words (a definition list
of labels and values, never the raw JSON)."""

import json

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from labs.enums import MembershipStatus
from ledger.enums import LedgerKind, ledger_kind_label, object_type_label
from ledger.payload import payload_rows
from ledger.services import ledger_append, ledger_checkpoint_record
from routing.enums import ReviewVerdict
from tests.factories import SubmittedProposalFactory, UserFactory
from tests.factories.labs import LabFactory
from tests.notifications.visible_text import raw_codes, visible_text

SCREENING = ("screening.screening", 7)
ROUTING = ("routing.routing", 3)
OBJECT_TYPES = ["proposals.proposal", "labs.lab", SCREENING[0], ROUTING[0]]


@pytest.fixture
def every_kind(db, innovation_unit):
    """One entry of every kind, about a proposal, a lab, a screening and a routing; one by a
    user deleted since, one by the system."""
    proposal, lab = SubmittedProposalFactory(), LabFactory()
    gone = UserFactory()
    for kind in LedgerKind:
        where: dict = {"obj": proposal}
        data = {"proposal_id": proposal.pk, "reference": proposal.reference}
        if kind.value.startswith("lab."):
            where, data = {"obj": lab}, {"lab_id": lab.pk}
        elif kind.value.startswith("screening.") and kind != LedgerKind.SCREENING_SELECTED:
            where = {"object_type": SCREENING[0], "object_id": SCREENING[1]}
            data = {"call_id": 1}
        elif kind in (LedgerKind.ROUTING_ANSWER, LedgerKind.ROUTING_REROUTED):
            where = {"object_type": ROUTING[0], "object_id": ROUTING[1]}
            data = {"status": "answered"}
        actor = {LedgerKind.PROPOSAL_SUBMITTED: gone, LedgerKind.LAB_CLOSED: None}.get(
            kind, innovation_unit
        )
        ledger_append(kind=kind, actor=actor, data=data, **where)
    gone.delete()
    ledger_checkpoint_record(by=innovation_unit)
    return proposal, lab


def _pages(client, proposal, lab) -> dict[str, str]:
    urls = {
        "list": reverse("ledger:entry-list"),
        "list of one kind": reverse("ledger:entry-list") + f"?kind={LedgerKind.LAB_CLOSED}",
        "head": reverse("ledger:head"),
        "panel": reverse("proposals:proposal-panel", kwargs={"pk": proposal.pk, "slug": "ledger"}),
    }
    for object_type, object_id in [
        ("proposals.proposal", proposal.pk), ("labs.lab", lab.pk), SCREENING, ROUTING
    ]:
        urls[object_type] = reverse("ledger:object-entries", args=[object_type, object_id])
    pages = {}
    for name, url in urls.items():
        response = client.get(url, headers={"HX-Request": "true"} if name == "panel" else {})
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
    return pages


def test_no_ledger_page_shows_a_code(iu_client, every_kind):
    codes = [*LedgerKind.values, *OBJECT_TYPES]
    for name, html in _pages(iu_client, *every_kind).items():
        assert raw_codes(html, codes) == [], name


def test_the_entry_list_says_what_happened_in_words(iu_client, every_kind):
    proposal, lab = every_kind
    html = iu_client.get(reverse("ledger:entry-list")).content.decode()
    text = visible_text(html)
    assert all(str(kind.label) in text for kind in LedgerKind)
    assert f"{object_type_label('proposals.proposal')} {proposal.reference}" in text
    assert all(object_type_label(t) in text for t in OBJECT_TYPES)
    assert "labs.lab" not in text and "#" not in text
    assert "삭제된 사용자" in text or "Deleted user" in text
    # The recorded data stays available to auditors, behind "Details", in words.
    assert f"<dt>{gettext('Reference number')}</dt><dd>{proposal.reference}</dd>" in html
    assert "&quot;reference&quot;" not in html and "{&quot;" not in html
    assert html.count('class="ledger-details"') == len(LedgerKind)


def test_recorded_codes_read_as_words_and_unknown_keys_are_kept():
    rows = dict(
        payload_rows(
            LedgerKind.LAB_MEMBER_LEFT,
            json.dumps({"lab_id": 2, "user_id": 18, "status": MembershipStatus.LEFT, "note_x": "y", "ids": []}),
        )
    )
    assert rows[gettext("Lab number")] == "2" and rows[gettext("User number")] == "18"
    assert rows[gettext("Status")] == str(MembershipStatus.LEFT.label)
    assert rows[gettext("Other data")] in {"y", "—"}
    routing = dict(payload_rows(LedgerKind.ROUTING_VERDICT, json.dumps({"verdict": ReviewVerdict.ROUTE, "is_x": True})))
    assert routing[gettext("Verdict")] == str(ReviewVerdict.ROUTE.label)
    assert payload_rows(LedgerKind.LAB_CLOSED, "[1, 2]") == [(gettext("Other data"), "[1, 2]")]


def test_unknown_codes_read_as_words():
    assert ledger_kind_label("no.such") not in {"no.such", ""}
    assert object_type_label("gone.model") not in {"gone.model", ""}
    assert object_type_label("labs.lab") == "랩" or object_type_label("labs.lab") == "lab"


def test_the_admin_list_shows_kinds_and_object_types_in_words(admin_client, every_kind):
    response = admin_client.get(reverse("admin:ledger_ledgerentry_changelist"))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert str(LedgerKind.LAB_CLOSED.label) in text and object_type_label("labs.lab") in text
