from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from demodata import foundation
from labs import demo, selectors
from labs.enums import LabStatus, MembershipStatus, Outcome
from labs.models import Lab, LogEntry
from labs.terms import add_months
from ledger.enums import LedgerKind
from ledger.models import LedgerEntry
from proposals.enums import ProposalStatus
from proposals.models import Proposal
from proposals.services import proposal_transition

pytestmark = pytest.mark.django_db


def test_demo_skips_the_running_lab_until_the_proposal_is_selected():
    now = timezone.now()
    foundation.seed(now=now)
    demo.seed(now=now)
    closed = Lab.objects.get()
    assert closed.status == LabStatus.CLOSED
    report = closed.reports.get()
    assert report.outcome == Outcome.NOT_ACHIEVED and report.lessons


def test_demo_builds_the_blockchain_lab_three_months_in_and_is_idempotent():
    now = timezone.now()
    foundation.seed(now=now)
    proposal = Proposal.objects.get(call__code="2019-G", title=demo.BLOCKCHAIN_TITLE)
    proposal_transition(proposal=proposal, to=ProposalStatus.SELECTED, by=None)
    demo.seed(now=now)
    demo.seed(now=now)

    lab = Lab.objects.get(proposal=proposal)
    assert lab.status == LabStatus.RUNNING
    assert lab.start_date == add_months(timezone.localdate(now), -3)
    grades = sorted(m.user.grade for m in lab.memberships.filter(status=MembershipStatus.ACTIVE))
    assert grades == ["6", "7"]
    assert lab.entries.count() == len(demo.BLOCKCHAIN_ENTRIES)
    overview_row = selectors.overview().get(pk=lab.pk)
    assert not selectors.is_log_overdue(overview_row, timezone.localdate(now))
    assert lab.milestones.filter(done=True).count() == 2
    today = timezone.localdate(now)
    assert all(
        r.notified_at is not None and r.closed_at is None and r.starts_on <= today <= r.ends_on
        for r in lab.memberships.first().releases.all()
    )
    assert Lab.objects.count() == 2
    assert LogEntry.objects.count() == len(demo.BLOCKCHAIN_ENTRIES) + len(demo.EARLIER_ENTRIES)


def test_the_whole_demo_agrees_with_its_ledger():
    """``seed_demo`` then ``verify_ledger --state``: every selected proposal, the 2018 pilot's
    included, has its selection in the ledger (verify_ledger raises CommandError otherwise)."""
    call_command("seed_demo", stdout=StringIO())
    out = StringIO()
    call_command("verify_ledger", "--state", stdout=out)
    assert "State OK" in out.getvalue()
    pilot = Proposal.objects.get(call__code=demo.EARLIER_CALL)
    assert pilot.status == ProposalStatus.SELECTED
    kinds = set(
        LedgerEntry.objects.filter(
            object_type="proposals.proposal", object_id=pilot.pk
        ).values_list("kind", flat=True)
    )
    assert kinds == {LedgerKind.PROPOSAL_SUBMITTED, LedgerKind.SCREENING_SELECTED}
