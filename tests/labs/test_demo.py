import pytest
from django.utils import timezone

from demodata import foundation
from labs import demo, selectors
from labs.enums import LabStatus, MembershipStatus, Outcome
from labs.models import Lab, LogEntry
from labs.terms import add_months
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
