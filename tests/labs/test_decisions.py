import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from labs import services
from labs.enums import DecisionKind, DecisionStatus, LabStatus, MembershipStatus, Outcome
from tests.factories import UserFactory
from tests.factories.labs import running_lab

pytestmark = pytest.mark.django_db

REPORT = {
    "summary": "블록체인 증명서 시범 발급",
    "results": "시범 서비스 설계",
    "outcome": Outcome.NOT_ACHIEVED,
    "lessons": "법적 근거가 먼저 필요했다.",
    "next_steps": "",
}


def propose_report(lab, by):
    return services.decision_propose(lab=lab, by=by, kind=DecisionKind.FINAL_REPORT, report=REPORT)


def status_of(decision):
    decision.refresh_from_db()
    return decision.status


def test_one_member_cannot_finalise_alone():
    a, b = UserFactory(), UserFactory()
    lab = running_lab(a, b)
    decision = propose_report(lab, a)
    assert status_of(decision) == DecisionStatus.PENDING
    with pytest.raises(ValidationError):  # signing twice does not count twice
        services.decision_sign(decision=decision, by=a, approve=True)
    lab.refresh_from_db()
    assert lab.status == LabStatus.RUNNING

    services.decision_sign(decision=decision, by=b, approve=True)
    assert status_of(decision) == DecisionStatus.ADOPTED
    lab.refresh_from_db()
    assert lab.status == LabStatus.CLOSING


def test_a_departed_members_signoff_no_longer_counts():
    a, b, c, d = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    lab = running_lab(a, b, c, d)
    decision = propose_report(lab, a)
    services.decision_sign(decision=decision, by=b, approve=True)
    services.membership_leave(lab=lab, by=b)  # b's signature leaves with b
    services.decision_sign(decision=decision, by=c, approve=True)
    assert status_of(decision) == DecisionStatus.PENDING  # d has not signed; b does not count

    services.decision_sign(decision=decision, by=d, approve=True)
    assert status_of(decision) == DecisionStatus.ADOPTED
    assert {s.user for s in decision.signoffs.all()} == {a, b, c, d}  # the history keeps b's signature


def test_a_departure_recomputes_pending_decisions():
    a, b, c = UserFactory(), UserFactory(), UserFactory()
    lab = running_lab(a, b, c)
    decision = services.decision_propose(lab=lab, by=a, kind=DecisionKind.SCOPE_CHANGE, new_mission="새 임무")
    services.decision_sign(decision=decision, by=b, approve=True)
    assert status_of(decision) == DecisionStatus.PENDING
    services.membership_leave(lab=lab, by=c)  # the only missing signer leaves
    assert status_of(decision) == DecisionStatus.ADOPTED
    lab.refresh_from_db()
    assert lab.mission == "새 임무"


def test_a_member_being_removed_does_not_sign():
    a, b, c = UserFactory(), UserFactory(), UserFactory()
    lab = running_lab(a, b, c)
    decision = services.decision_propose(lab=lab, by=a, kind=DecisionKind.REMOVE_MEMBER, subject=c)
    with pytest.raises(ValidationError):
        services.decision_sign(decision=decision, by=c, approve=False, comment="반대")
    assert status_of(decision) == DecisionStatus.PENDING
    services.decision_sign(decision=decision, by=b, approve=True)
    assert status_of(decision) == DecisionStatus.ADOPTED
    membership = lab.memberships.get(user=c)
    assert membership.status == MembershipStatus.REMOVED


def test_leaving_needs_no_signoff_and_cannot_be_proposed_as_removal():
    a, b = UserFactory(), UserFactory()
    lab = running_lab(a, b)
    with pytest.raises(ValidationError):
        services.decision_propose(lab=lab, by=a, kind=DecisionKind.REMOVE_MEMBER, subject=a)
    services.membership_leave(lab=lab, by=a)
    assert lab.memberships.get(user=a).status == MembershipStatus.LEFT


def test_declining_needs_a_comment_and_settles_the_decision():
    a, b = UserFactory(), UserFactory()
    lab = running_lab(a, b)
    decision = propose_report(lab, a)
    with pytest.raises(ValidationError):
        services.decision_sign(decision=decision, by=b, approve=False)
    assert decision.signoffs.count() == 1
    services.decision_sign(decision=decision, by=b, approve=False, comment="결과를 더 정리합시다.")
    assert status_of(decision) == DecisionStatus.DECLINED
    # The team can try again with a new proposal, but only one at a time.
    propose_report(lab, b)
    with pytest.raises(ValidationError):
        propose_report(lab, a)


def test_adding_a_member_still_needs_their_acceptance():
    a, b, newcomer = UserFactory(), UserFactory(), UserFactory()
    lab = running_lab(a, b)
    decision = services.decision_propose(lab=lab, by=a, kind=DecisionKind.ADD_MEMBER, subject=newcomer)
    services.decision_sign(decision=decision, by=b, approve=True)
    membership = lab.memberships.get(user=newcomer)
    assert membership.status == MembershipStatus.INVITED
    services.membership_respond(lab=lab, by=newcomer, accept=True)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE


def test_outsiders_and_the_innovation_unit_do_not_sign(innovation_unit, staff):
    a, b = UserFactory(), UserFactory()
    lab = running_lab(a, b, iu=innovation_unit)
    decision = propose_report(lab, a)
    for outsider in (innovation_unit, staff):
        with pytest.raises(PermissionDenied):
            services.decision_sign(decision=decision, by=outsider, approve=True)
        with pytest.raises(PermissionDenied):
            services.decision_propose(lab=lab, by=outsider, kind=DecisionKind.SCOPE_CHANGE, new_mission="x")
    assert status_of(decision) == DecisionStatus.PENDING


def test_proposal_notifies_the_other_members(django_capture_on_commit_callbacks):
    a, b, c = UserFactory(), UserFactory(), UserFactory()
    lab = running_lab(a, b, c)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        propose_report(lab, a)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([b.email, c.email])


def test_closing_needs_the_signed_report(innovation_unit):
    a, b = UserFactory(), UserFactory()
    lab = running_lab(a, b, iu=innovation_unit)
    with pytest.raises(ValidationError):
        services.lab_close(lab=lab, by=innovation_unit)
    decision = propose_report(lab, a)
    services.decision_sign(decision=decision, by=b, approve=True)
    with pytest.raises(PermissionDenied):
        services.lab_close(lab=lab, by=a)
    lab = services.lab_close(lab=lab, by=innovation_unit)
    assert lab.status == LabStatus.CLOSED
    assert not lab.memberships.first().releases.filter(closed_at__isnull=True).exists()


def test_an_extension_the_innovation_unit_turns_down_changes_nothing(innovation_unit):
    a, b = UserFactory(), UserFactory()
    lab = running_lab(a, b, iu=innovation_unit)
    lab.end_date = lab.end_date.replace(day=1)
    lab.save()
    old_end = lab.end_date
    decision = services.decision_propose(
        lab=lab, by=a, kind=DecisionKind.EXTENSION, new_end_date=old_end.replace(day=2), summary="시범 운영"
    )
    services.decision_sign(decision=decision, by=b, approve=True)
    with pytest.raises(PermissionDenied):
        services.decision_review_extension(decision=decision, by=a, approve=True)
    services.decision_review_extension(decision=decision, by=innovation_unit, approve=False, comment="예산 부족")
    assert status_of(decision) == DecisionStatus.REJECTED
    lab.refresh_from_db()
    assert lab.end_date == old_end
