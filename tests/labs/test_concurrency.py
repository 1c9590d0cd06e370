
import pytest
from django.db import connection

from labs import services
from labs.enums import DecisionKind, DecisionStatus, LabStatus, Outcome
from notifications.models import Notification
from tests.concurrency import run_together
from tests.factories import UserFactory
from tests.factories.labs import running_lab

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")




def test_the_last_two_signatures_at_once_adopt_the_report_exactly_once(innovation_unit):
    a, b, c = UserFactory(), UserFactory(), UserFactory()
    lab = running_lab(a, b, c, iu=innovation_unit)
    decision = services.decision_propose(
        lab=lab, by=a, kind=DecisionKind.FINAL_REPORT,
        report={"summary": "s", "results": "r", "outcome": Outcome.ACHIEVED, "lessons": "l"},
    )
    errors = run_together(
        lambda: services.decision_sign(decision=decision, by=b, approve=True),
        lambda: services.decision_sign(decision=decision, by=c, approve=True),
    )
    assert errors == []
    decision.refresh_from_db()
    lab.refresh_from_db()
    assert decision.status == DecisionStatus.ADOPTED
    assert lab.status == LabStatus.CLOSING
    assert Notification.objects.filter(kind="labs_report_signed", recipient=innovation_unit).count() == 1


def test_a_double_acceptance_makes_one_member(innovation_unit, staff):
    lab = running_lab(iu=innovation_unit)
    decision = services.decision_propose(
        lab=lab, by=lab.memberships.first().user, kind=DecisionKind.ADD_MEMBER, subject=staff
    )
    other = lab.memberships.exclude(user=decision.proposed_by).filter(user__isnull=False).first().user
    services.decision_sign(decision=decision, by=other, approve=True)
    errors = run_together(
        lambda: services.membership_respond(lab=lab, by=staff, accept=True),
        lambda: services.membership_respond(lab=lab, by=staff, accept=True),
    )
    assert len(errors) == 1
    assert lab.memberships.get(user=staff).releases.count() == 1
