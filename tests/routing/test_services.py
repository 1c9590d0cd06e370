from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notifications.models import Notification
from notifications.services import reminders_dispatch
from proposals.enums import CoProposerStatus
from routing import services
from routing.enums import ReviewVerdict, RoutingEventKind, RoutingStatus
from routing.models import Review, Routing
from routing.reminders import _still_awaiting
from tests.factories import (
    CoProposerFactory,
    DepartmentFactory,
    SubmittedProposalFactory,
    UserFactory,
)
from tests.factories.routing import NotSelectedProposalFactory, RoutingFactory, liaison_user

pytestmark = pytest.mark.django_db


def recipients_of(subject_part: str) -> set[str]:
    return {address for message in mail.outbox if subject_part in message.subject for address in message.to}


# --- review -------------------------------------------------------------------------------


def test_routing_defaults_to_owning_department_with_call_due_days(innovation_unit):
    proposal = NotSelectedProposalFactory()
    services.call_routing_settings_update(call=proposal.call, answer_due_days=10, by=innovation_unit)

    review = services.proposal_review(
        proposal=proposal, by=innovation_unit, verdict=ReviewVerdict.ROUTE,
        departments=[proposal.owning_department], note="실효성 있음",
    )

    routing = Routing.objects.get(proposal=proposal)
    assert review.verdict == ReviewVerdict.ROUTE
    assert routing.department == proposal.owning_department
    assert routing.is_lead
    assert routing.status == RoutingStatus.AWAITING
    assert routing.due_on == timezone.localdate() + timedelta(days=10)
    assert routing.events.get().kind == RoutingEventKind.ROUTED


def test_default_due_days_is_fourteen(innovation_unit):
    proposal = NotSelectedProposalFactory()
    services.proposal_review(
        proposal=proposal, by=innovation_unit, verdict=ReviewVerdict.ROUTE, departments=[proposal.owning_department]
    )
    assert Routing.objects.get(proposal=proposal).due_on == timezone.localdate() + timedelta(days=14)


def test_routing_to_several_departments_with_one_leading(innovation_unit):
    proposal = NotSelectedProposalFactory()
    first, second = DepartmentFactory(), DepartmentFactory()
    services.proposal_review(
        proposal=proposal, by=innovation_unit, verdict=ReviewVerdict.ROUTE,
        departments=[first, second], lead_department=second,
    )
    routings = {r.department: r.is_lead for r in Routing.objects.filter(proposal=proposal)}
    assert routings == {first: False, second: True}


@pytest.mark.parametrize(
    ("verdict", "extra"),
    [
        (ReviewVerdict.ROUTE, {}),
        (ReviewVerdict.ALREADY_DONE, {"where_done": " "}),
        (ReviewVerdict.NOT_FEASIBLE, {"reason": ""}),
        (ReviewVerdict.MERGE, {}),
    ],
)
def test_verdict_without_its_detail_is_refused(innovation_unit, verdict, extra):
    proposal = NotSelectedProposalFactory()
    with pytest.raises(ValidationError):
        services.proposal_review(proposal=proposal, by=innovation_unit, verdict=verdict, **extra)
    assert not Review.objects.exists()
    assert not Routing.objects.exists()


def test_merge_and_not_feasible_verdicts_create_no_routing(innovation_unit):
    proposal, other = NotSelectedProposalFactory(), NotSelectedProposalFactory()
    services.proposal_review(proposal=proposal, by=innovation_unit, verdict=ReviewVerdict.MERGE, merged_into=other)
    services.proposal_review(proposal=other, by=innovation_unit, verdict=ReviewVerdict.NOT_FEASIBLE, reason="예산 부족")
    assert Review.objects.get(proposal=proposal).merged_into == other
    assert Review.objects.get(proposal=other).reason == "예산 부족"
    assert not Routing.objects.exists()


def test_only_not_selected_proposals_are_reviewed_once(innovation_unit):
    submitted = SubmittedProposalFactory()
    with pytest.raises(ValidationError):
        services.proposal_review(proposal=submitted, by=innovation_unit, verdict=ReviewVerdict.NOT_FEASIBLE, reason="x")
    proposal = NotSelectedProposalFactory()
    services.proposal_review(proposal=proposal, by=innovation_unit, verdict=ReviewVerdict.NOT_FEASIBLE, reason="x")
    with pytest.raises(ValidationError):
        services.proposal_review(proposal=proposal, by=innovation_unit, verdict=ReviewVerdict.NOT_FEASIBLE, reason="y")
    assert Review.objects.get(proposal=proposal).reason == "x"


def test_staff_cannot_review(staff):
    proposal = NotSelectedProposalFactory()
    with pytest.raises(PermissionDenied):
        services.proposal_review(proposal=proposal, by=staff, verdict=ReviewVerdict.NOT_FEASIBLE, reason="x")
    assert not Review.objects.exists()


def test_routing_to_a_closed_department_is_refused(innovation_unit):
    proposal = NotSelectedProposalFactory()
    closed = DepartmentFactory(is_active=False)
    with pytest.raises(ValidationError):
        services.proposal_review(proposal=proposal, by=innovation_unit, verdict=ReviewVerdict.ROUTE, departments=[closed])
    assert not Review.objects.exists()


def test_review_notifies_proposer_accepted_coproposers_and_liaisons(innovation_unit, django_capture_on_commit_callbacks):
    proposal = NotSelectedProposalFactory()
    accepted = CoProposerFactory(proposal=proposal).user
    CoProposerFactory(proposal=proposal, status=CoProposerStatus.INVITED)
    CoProposerFactory(proposal=proposal, status=CoProposerStatus.DECLINED)
    liaison = liaison_user(proposal.owning_department)
    other_liaison = liaison_user(DepartmentFactory())

    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_review(
            proposal=proposal, by=innovation_unit, verdict=ReviewVerdict.ROUTE, departments=[proposal.owning_department]
        )

    reviewed = [m for m in mail.outbox if proposal.title in m.subject and proposal.owning_department.name not in m.subject]
    assert {a for m in reviewed for a in m.to} == {proposal.proposer.email, accepted.email}
    assigned = [m for m in mail.outbox if proposal.owning_department.name in m.subject]
    assert {a for m in assigned for a in m.to} == {liaison.email}
    assert other_liaison.email not in {a for m in mail.outbox for a in m.to}
    assert all(proposal.owning_department.name in m.body for m in reviewed)


def test_bulk_review_is_all_or_nothing(innovation_unit):
    good = NotSelectedProposalFactory()
    without_department = NotSelectedProposalFactory()
    with pytest.raises(ValidationError) as error:
        services.proposals_bulk_review(
            items=[
                services.BulkItem(proposal=good, department=good.owning_department),
                services.BulkItem(proposal=without_department, department=None),
            ],
            by=innovation_unit, verdict=ReviewVerdict.ROUTE, note="공통 검토 의견",
        )
    assert without_department.reference in str(error.value)
    assert not Review.objects.exists()
    assert not Routing.objects.exists()

    reviews = services.proposals_bulk_review(
        items=[services.BulkItem(proposal=p, department=p.owning_department) for p in (good, without_department)],
        by=innovation_unit, verdict=ReviewVerdict.ROUTE, note="공통 검토 의견",
    )
    assert len(reviews) == 2
    assert set(Routing.objects.values_list("department", flat=True)) == {
        good.owning_department_id, without_department.owning_department_id
    }


# --- answers ------------------------------------------------------------------------------


def test_declining_without_a_reason_is_refused():
    routing = RoutingFactory()
    liaison = liaison_user(routing.department)
    with pytest.raises(ValidationError):
        services.routing_answer(routing=routing, by=liaison, status=RoutingStatus.DECLINED, text="  ")
    routing.refresh_from_db()
    assert routing.status == RoutingStatus.AWAITING
    assert routing.events.count() == 1
    assert not mail.outbox


def test_adopting_needs_a_plan_and_a_target_date():
    routing = RoutingFactory()
    liaison = liaison_user(routing.department)
    with pytest.raises(ValidationError):
        services.routing_answer(routing=routing, by=liaison, status=RoutingStatus.ADOPTED, text="계획")
    target = timezone.localdate() + timedelta(days=60)
    services.routing_answer(routing=routing, by=liaison, status=RoutingStatus.ADOPTED, text="하반기 시범 운영", target_date=target)
    routing.refresh_from_db()
    assert routing.status == RoutingStatus.ADOPTED
    assert (routing.plan, routing.target_date) == ("하반기 시범 운영", target)
    assert routing.answered_at is not None


def test_liaison_of_another_department_cannot_answer():
    routing = RoutingFactory()
    outsider = liaison_user(DepartmentFactory())
    with pytest.raises(PermissionDenied):
        services.routing_answer(routing=routing, by=outsider, status=RoutingStatus.UNDER_STUDY)
    routing.refresh_from_db()
    assert routing.status == RoutingStatus.AWAITING


def test_answer_then_progress_until_implemented_keeps_every_step_and_notifies_authors(
    django_capture_on_commit_callbacks,
):
    routing = RoutingFactory()
    proposal = routing.proposal
    coproposer = CoProposerFactory(proposal=proposal).user
    liaison = liaison_user(routing.department)

    with django_capture_on_commit_callbacks(execute=True):
        services.routing_answer(routing=routing, by=liaison, status=RoutingStatus.UNDER_STUDY, text="관계 기관 협의 중")
        services.routing_answer(
            routing=routing, by=liaison, status=RoutingStatus.ADOPTED, text="내년 시행",
            target_date=timezone.localdate() + timedelta(days=90),
        )
        with pytest.raises(ValidationError):
            services.routing_answer(routing=routing, by=liaison, status=RoutingStatus.DECLINED, text="번복")
        services.routing_progress_update(routing=routing, by=liaison, text="조례 개정 완료")
        services.routing_progress_update(routing=routing, by=liaison, text="시스템 개통", implemented=True)

    routing.refresh_from_db()
    assert routing.status == RoutingStatus.IMPLEMENTED
    kinds = list(routing.events.values_list("kind", "status"))
    assert kinds == [
        (RoutingEventKind.ROUTED, RoutingStatus.AWAITING),
        (RoutingEventKind.ANSWER, RoutingStatus.UNDER_STUDY),
        (RoutingEventKind.ANSWER, RoutingStatus.ADOPTED),
        (RoutingEventKind.PROGRESS, RoutingStatus.ADOPTED),
        (RoutingEventKind.PROGRESS, RoutingStatus.IMPLEMENTED),
    ]
    assert routing.history.count() >= 4
    answered = [m for m in mail.outbox if routing.department.name in m.subject]
    assert len(answered) == 4 * 2
    assert {a for m in answered for a in m.to} == {proposal.proposer.email, coproposer.email}
    assert any("시스템 개통" in m.body for m in answered)
    with pytest.raises(ValidationError):
        services.routing_progress_update(routing=routing, by=liaison, text="추가")


# --- re-route -----------------------------------------------------------------------------


def test_reroute_request_approved_moves_the_routing_with_a_new_due_date(
    innovation_unit, django_capture_on_commit_callbacks
):
    routing = RoutingFactory(due_on=timezone.localdate() - timedelta(days=3))
    old_department = routing.department
    liaison = liaison_user(old_department)
    target = DepartmentFactory()
    new_liaison = liaison_user(target)

    with pytest.raises(ValidationError):
        services.routing_answer(routing=routing, by=liaison, status=RoutingStatus.REROUTE_REQUESTED, text="소관 아님")
    with django_capture_on_commit_callbacks(execute=True):
        services.routing_answer(
            routing=routing, by=liaison, status=RoutingStatus.REROUTE_REQUESTED, text="교통정책과 소관", reroute_to=target
        )
    routing.refresh_from_db()
    assert routing.status == RoutingStatus.REROUTE_REQUESTED
    assert routing.reroute_to == target
    assert recipients_of(routing.department.name) >= {innovation_unit.email, routing.proposal.proposer.email}

    with pytest.raises(PermissionDenied):
        services.routing_reroute_decide(routing=routing, by=liaison, approve=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.routing_reroute_decide(routing=routing, by=innovation_unit, approve=True, note="승인")

    routing.refresh_from_db()
    assert routing.department == target
    assert routing.status == RoutingStatus.AWAITING
    assert routing.reroute_to is None
    assert routing.due_on == timezone.localdate() + timedelta(days=14)
    last = routing.events.last()
    assert (last.kind, last.other_department, last.department) == (RoutingEventKind.REROUTE_APPROVED, old_department, target)
    assert new_liaison.email in recipients_of(target.name)
    assert routing.proposal.proposer.email in recipients_of(target.name)
    # The old department no longer answers it; the new one does.
    with pytest.raises(PermissionDenied):
        services.routing_answer(routing=routing, by=liaison, status=RoutingStatus.UNDER_STUDY)
    services.routing_answer(routing=routing, by=new_liaison, status=RoutingStatus.UNDER_STUDY)


def test_reroute_request_rejected_needs_a_reason_and_returns_to_the_department(innovation_unit):
    routing = RoutingFactory()
    liaison = liaison_user(routing.department)
    target = DepartmentFactory()
    services.routing_answer(
        routing=routing, by=liaison, status=RoutingStatus.REROUTE_REQUESTED, text="소관 아님", reroute_to=target
    )
    with pytest.raises(ValidationError):
        services.routing_reroute_decide(routing=routing, by=innovation_unit, approve=False)
    services.routing_reroute_decide(routing=routing, by=innovation_unit, approve=False, note="귀 부서 소관이 맞습니다")
    routing.refresh_from_db()
    assert routing.department != target
    assert routing.status == RoutingStatus.AWAITING
    assert routing.events.last().kind == RoutingEventKind.REROUTE_REJECTED
    with pytest.raises(ValidationError):
        services.routing_reroute_decide(routing=routing, by=innovation_unit, approve=True)


def test_closed_department_flags_open_routings_for_the_unit_to_move(innovation_unit):
    department = DepartmentFactory()
    open_routing = RoutingFactory(department=department)
    done = RoutingFactory(department=department)
    liaison = liaison_user(department)
    services.routing_answer(routing=done, by=liaison, status=RoutingStatus.ALREADY_DONE, text="이미 시행 중")

    assert services.department_closed_flag_routings(department=department, by=None) == 1
    assert services.department_closed_flag_routings(department=department, by=None) == 0
    open_routing.refresh_from_db()
    assert open_routing.department_closed
    assert open_routing.events.last().kind == RoutingEventKind.DEPARTMENT_CLOSED

    successor = DepartmentFactory()
    services.routing_move(routing=open_routing, to_department=successor, by=innovation_unit)
    open_routing.refresh_from_db()
    assert (open_routing.department, open_routing.department_closed) == (successor, False)
    with pytest.raises(ValidationError):
        services.routing_move(routing=done, to_department=successor, by=innovation_unit)


def test_due_reminders_are_sent_once_per_stage(django_capture_on_commit_callbacks):
    today = timezone.localdate()
    soon = RoutingFactory(due_on=today + timedelta(days=2))
    later = RoutingFactory(due_on=today + timedelta(days=10))
    overdue = RoutingFactory(due_on=today - timedelta(days=1))
    answered = RoutingFactory(due_on=today - timedelta(days=1))
    liaisons = {r.pk: liaison_user(r.department) for r in (soon, later, overdue, answered)}
    services.routing_answer(routing=answered, by=liaisons[answered.pk], status=RoutingStatus.UNDER_STUDY)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_dispatch().created["routing_answer_due"] == 2
    assert reminders_dispatch().created["routing_answer_due"] == 0
    due = Notification.objects.filter(kind="routing_answer_due", email_status="sent").select_related("recipient")
    assert {n.recipient.email for n in due} == {liaisons[soon.pk].email, liaisons[overdue.pk].email}
    assert any(overdue.proposal.title in m.subject for m in mail.outbox)
    # The overdue one is also told to the innovation unit, in a notice of its own kind.
    assert Notification.objects.filter(kind="routing_answer_overdue", about_id=overdue.pk).exists()

    # Once the due date has passed, the "soon" routing gets one more, as overdue.
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert reminders_dispatch().created["routing_answer_due"] == 1


def test_a_reminder_is_dropped_when_the_department_answers_before_delivery():
    routing = RoutingFactory(due_on=timezone.localdate() + timedelta(days=1))
    liaison = liaison_user(routing.department)
    reminders_dispatch()  # written; delivery would be queued on commit, which never comes here
    services.routing_answer(routing=routing, by=liaison, status=RoutingStatus.UNDER_STUDY)
    rows = list(Notification.objects.filter(kind="routing_answer_due"))
    assert len(rows) == 1
    assert _still_awaiting(rows, timezone.now()) == set()


def test_liaison_designation_is_for_the_innovation_unit(innovation_unit, staff):
    department = DepartmentFactory()
    person = UserFactory()
    with pytest.raises(PermissionDenied):
        services.liaison_designate(department=department, user=person, by=staff)
    services.liaison_designate(department=department, user=person, by=innovation_unit)
    assert person.has_perm("accounts.act_as_liaison", department)
    services.liaison_revoke(department=department, user=person, by=innovation_unit)
    person = type(person).objects.get(pk=person.pk)
    assert not person.has_perm("accounts.act_as_liaison", department)
