"""Every decision appends its ledger entry inside the transaction of the service that makes it.

Each test drives the real service (or view) and checks the exact entries appended — kind,
object, actor and payload — that the chain still verifies, that a refused or rolled-back
decision leaves nothing behind, and that no payload holds a name or a piece of free text.
"""

import hashlib
import json
from datetime import UTC, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Department, User
from labs import services as labs_services
from labs.enums import DecisionKind, DecisionStatus, LabStatus, MembershipStatus, Outcome
from labs.models import Lab, Membership, Signoff
from ledger.canonical import ISO_PATTERN, VALUE_PATTERN
from ledger.enums import LedgerKind
from ledger.models import LedgerEntry
from ledger.services import ledger_verify
from proposals import services as proposal_services
from proposals.enums import CoProposerStatus, ProposalStatus
from routing import services as routing_services
from routing.enums import ReviewVerdict, RoutingEventKind, RoutingStatus
from routing.models import Review, Routing
from screening import services as screening_services
from tests.factories import (
    CallFactory,
    CoProposerFactory,
    DepartmentFactory,
    ProposalFactory,
    SubmittedProposalFactory,
    UserFactory,
)
from tests.factories.labs import SelectedProposalFactory, running_lab
from tests.factories.routing import NotSelectedProposalFactory, RoutingFactory, liaison_user
from tests.factories.screening import ClosedCallFactory, EntryFactory, score_all, setup_screening

pytestmark = pytest.mark.django_db

# Free text written in the fixtures and services below; none of it may reach the ledger.
RATIONALE = "도민 체감도가 가장 높은 과제를 선정함"
DEVIATION = "예산 여건상 2순위 과제를 우선 선정함"
NOTE = "소관 부서 업무와 직접 연관됨"
WHERE_DONE = "정보화담당관실 전자증명서 사업"
REASON = "법적 근거가 없어 추진 불가"
PLAN = "2026년 하반기 시범 도입 추진"
PROGRESS = "시범 운영 결과 보고 완료"
REROUTE_WHY = "업무 분장상 도시계획과 소관"
DECLINE_COMMENT = "아직 범위를 바꿀 때가 아님"
MISSION = "블록체인으로 증명서 발급 절차를 혁신"
REPORT = {
    "summary": "블록체인 증명서 시범 발급 요약",
    "results": "시범 서비스 설계 결과",
    "outcome": Outcome.PARTLY_ACHIEVED,
    "lessons": "법적 근거가 먼저 필요했다는 교훈",
    "next_steps": "",
}
TEXTS = [RATIONALE, DEVIATION, NOTE, WHERE_DONE, REASON, PLAN, PROGRESS, REROUTE_WHY,
         DECLINE_COMMENT, MISSION, *(v for v in REPORT.values() if v and v not in Outcome.values)]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def head() -> int:
    return LedgerEntry.objects.count()


def since(mark: int) -> list[tuple]:
    """(kind, object_type, object_id, actor_id, payload) of the entries after position ``mark``."""
    return [
        (e.kind, e.object_type, e.object_id, e.actor_id, json.loads(e.payload))
        for e in LedgerEntry.objects.filter(position__gt=mark).order_by("position")
    ]


def kinds_since(mark: int) -> list[str]:
    return [entry[0] for entry in since(mark)]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)


def assert_sound(*, extra_texts=()):
    """The chain verifies, and no payload holds a name, username, email, department name or
    any fixture text — every string in it is a code or an ISO date."""
    result = ledger_verify()
    assert result.ok, result.message
    forbidden = set(TEXTS) | set(extra_texts)
    for full_name, username, email in User.objects.values_list("full_name", "username", "email"):
        forbidden |= {full_name, username, email}
    forbidden |= set(Department.objects.values_list("name", flat=True))
    forbidden |= set(Lab.objects.values_list("name", flat=True))
    forbidden.discard("")
    for entry in LedgerEntry.objects.all():
        for text in forbidden:
            assert text not in entry.payload
        for value in _strings(json.loads(entry.payload)):
            assert VALUE_PATTERN.fullmatch(value) or ISO_PATTERN.fullmatch(value), value
            assert value not in forbidden


# --- Proposals ---------------------------------------------------------------------------


def _draft(call, **kwargs):
    return ProposalFactory(call=call, title="블록체인을 활용한 행정혁신", **kwargs)


def test_submitting_through_the_page_records_proposal_submitted(staff, staff_client, open_call):
    proposal = _draft(open_call, proposer=staff)
    accepted = CoProposerFactory(proposal=proposal, status=CoProposerStatus.ACCEPTED).user
    CoProposerFactory(proposal=proposal, status=CoProposerStatus.INVITED)  # not yet an author

    response = staff_client.post(reverse("proposals:proposal-submit", args=[proposal.pk]))

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    [(kind, object_type, object_id, actor_id, payload)] = since(0)
    assert (kind, object_type, object_id, actor_id) == (
        LedgerKind.PROPOSAL_SUBMITTED, "proposals.proposal", proposal.pk, staff.pk
    )
    assert payload == {
        "proposal_id": proposal.pk,
        "call_id": open_call.pk,
        "reference": proposal.reference,
        "proposer_id": staff.pk,
        "coproposer_ids": [accepted.pk],
        "owning_department_id": proposal.owning_department_id,
        "submitted_at": payload["submitted_at"],
    }
    assert payload["submitted_at"].startswith(proposal.submitted_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"))
    assert_sound(extra_texts=[proposal.title, proposal.problem, proposal.idea])


def test_refused_submissions_leave_no_entry(staff, other_staff, open_call):
    incomplete = _draft(open_call, proposer=staff, effect="")
    with pytest.raises(ValidationError):
        proposal_services.proposal_submit(proposal=incomplete, by=staff)
    foreign = _draft(open_call, proposer=staff)
    with pytest.raises(PermissionDenied):
        proposal_services.proposal_submit(proposal=foreign, by=other_staff)
    proposal_services.proposal_submit(proposal=foreign, by=staff)
    with pytest.raises(ValidationError):  # a double click does not record twice
        proposal_services.proposal_submit(proposal=foreign, by=staff)
    assert kinds_since(0) == [LedgerKind.PROPOSAL_SUBMITTED]
    assert_sound()


def test_a_reference_that_is_not_a_code_is_left_out_and_the_submission_goes_through(staff):
    call = CallFactory(code="2026 상반기")
    proposal = _draft(call, proposer=staff)
    proposal_services.proposal_submit(proposal=proposal, by=staff)
    proposal.refresh_from_db()
    assert proposal.reference == "2026 상반기-001"
    [(_kind, _type, _id, _actor, payload)] = since(0)
    assert payload["reference"] is None
    assert payload["proposal_id"] == proposal.pk
    assert_sound(extra_texts=[proposal.reference])


def test_withdrawing_records_proposal_withdrawn(staff, staff_client, other_staff, open_call):
    proposal = SubmittedProposalFactory(call=open_call, proposer=staff)
    with pytest.raises(PermissionDenied):
        proposal_services.proposal_withdraw(proposal=proposal, by=other_staff)
    assert head() == 0

    response = staff_client.post(reverse("proposals:proposal-withdraw", args=[proposal.pk]), {"confirm": "1"})

    assert response.status_code == 302
    assert since(0) == [
        (
            LedgerKind.PROPOSAL_WITHDRAWN,
            "proposals.proposal",
            proposal.pk,
            staff.pk,
            {
                "proposal_id": proposal.pk,
                "call_id": open_call.pk,
                "reference": proposal.reference,
                "from_status": "submitted",
            },
        )
    ]
    closed = SubmittedProposalFactory(call=ClosedCallFactory(), proposer=staff)
    with pytest.raises(ValidationError):
        proposal_services.proposal_withdraw(proposal=closed, by=staff)
    assert head() == 1
    assert_sound()


def test_a_decision_rolled_back_by_its_caller_takes_its_entry_with_it(staff, open_call):
    first = _draft(open_call, proposer=staff)
    proposal_services.proposal_submit(proposal=first, by=staff)
    second = _draft(open_call, proposer=staff)
    with pytest.raises(RuntimeError), transaction.atomic():
        proposal_services.proposal_submit(proposal=second, by=staff)
        assert head() == 2
        raise RuntimeError("the surrounding request fails")
    assert head() == 1
    second.refresh_from_db()
    assert second.status == ProposalStatus.DRAFT
    proposal_services.proposal_submit(proposal=second, by=staff)  # the freed position is reused
    assert list(LedgerEntry.objects.values_list("position", flat=True)) == [1, 2]
    assert since(1)[0][2] == second.pk
    assert_sound()


# --- Screening ---------------------------------------------------------------------------


@pytest.fixture
def call(db):
    return ClosedCallFactory(code="2019-W")


@pytest.fixture
def board(db):
    return [UserFactory(full_name="심사위원갑"), UserFactory(full_name="심사위원을")]


@pytest.fixture
def entries(call):
    return [
        EntryFactory(call=call, title=title, proposer=UserFactory(full_name=name))
        for title, name in [("블록체인 증명서", "홍길동제안자"), ("드론 배송", "성춘향제안자"), ("AI 민원", "이몽룡제안자")]
    ]


def test_opening_the_screening_records_screening_opened(call, board, entries, innovation_unit):
    screening = setup_screening(call=call, by=innovation_unit, members=board, open_it=False, selection_count=2)
    with pytest.raises(PermissionDenied):
        screening_services.screening_open(call=call, by=board[0])
    assert head() == 0

    screening_services.screening_open(call=call, by=innovation_unit)

    screening.refresh_from_db()
    assert since(0) == [
        (
            LedgerKind.SCREENING_OPENED,
            "screening.screening",
            screening.pk,
            innovation_unit.pk,
            {
                "screening_id": screening.pk,
                "call_id": call.pk,
                "board_member_ids": sorted(m.pk for m in board),
                "criterion_ids": sorted(screening.criteria.values_list("pk", flat=True)),
                "deadline": screening.deadline.astimezone(UTC).isoformat().replace("+00:00", "Z"),
                "is_blind": True,
                "selection_count": 2,
                "scale_max": screening.scale_max,
                "entry_count": 3,
            },
        )
    ]
    assert_sound()


def test_opening_without_a_board_leaves_no_entry(call, entries, innovation_unit):
    setup_screening(call=call, by=innovation_unit, members=[], open_it=False)
    with pytest.raises(ValidationError):
        screening_services.screening_open(call=call, by=innovation_unit)
    assert head() == 0


@pytest.fixture
def scored(call, board, entries, innovation_unit):
    """An open screening where the entries rank 0 > 1 > 2."""
    screening = setup_screening(call=call, by=innovation_unit, members=board, selection_count=2)
    for member in board:
        for entry, value in zip(entries, (5, 3, 1), strict=True):
            score_all(screening=screening, proposal=entry, by=member, value=value, comment="좋은 제안입니다")
    return screening


def test_deciding_records_the_decision_and_each_selection(scored, call, entries, innovation_unit):
    mark = head()

    screening_services.screening_decide(
        call=call, by=innovation_unit, selected=entries[:2], rationale=RATIONALE
    )

    scored.refresh_from_db()
    decided, *selections = since(mark)
    assert decided == (
        LedgerKind.SCREENING_DECIDED,
        "screening.screening",
        scored.pk,
        innovation_unit.pk,
        {
            "screening_id": scored.pk,
            "call_id": call.pk,
            "selected_ids": sorted([entries[0].pk, entries[1].pk]),
            "not_selected_ids": [entries[2].pk],
            "not_selected_count": 1,
            "not_selected_ids_sha256": sha(str(entries[2].pk)),
            "follows_ranking": True,
            "rationale_sha256": sha(RATIONALE),
            "deviation_reason_sha256": None,
            "decided_at": scored.decided_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        },
    )
    assert selections == [
        (
            LedgerKind.SCREENING_SELECTED,
            "proposals.proposal",
            entry.pk,
            innovation_unit.pk,
            {
                "proposal_id": entry.pk,
                "call_id": call.pk,
                "screening_id": scored.pk,
                "reference": entry.reference,
                "rank": rank,
            },
        )
        for rank, entry in enumerate(entries[:2], start=1)
    ]
    assert_sound(extra_texts=["좋은 제안입니다"])


def test_a_selection_off_the_ranking_records_follows_ranking_false(scored, call, entries, innovation_unit):
    mark = head()
    screening_services.screening_decide(
        call=call, by=innovation_unit, selected=[entries[2]], rationale=RATIONALE, deviation_reason=DEVIATION
    )
    [decided, selected] = since(mark)
    assert decided[4]["follows_ranking"] is False
    assert decided[4]["deviation_reason_sha256"] == sha(DEVIATION)
    assert decided[4]["selected_ids"] == [entries[2].pk]
    assert decided[4]["not_selected_ids"] == sorted([entries[0].pk, entries[1].pk])
    assert selected[2] == entries[2].pk and selected[4]["rank"] == 3
    assert_sound()


def test_refused_decisions_leave_no_entry(scored, call, entries, board, innovation_unit):
    mark = head()
    with pytest.raises(PermissionDenied):
        screening_services.screening_decide(call=call, by=board[0], selected=entries[:1], rationale=RATIONALE)
    with pytest.raises(ValidationError):  # off the ranking without saying why
        screening_services.screening_decide(call=call, by=innovation_unit, selected=[entries[2]], rationale=RATIONALE)
    with pytest.raises(ValidationError):
        screening_services.screening_decide(call=call, by=innovation_unit, selected=entries[:1], rationale=" ")
    assert head() == mark
    screening_services.screening_decide(call=call, by=innovation_unit, selected=entries[:1], rationale=RATIONALE)
    with pytest.raises(ValidationError):  # decided once only
        screening_services.screening_decide(call=call, by=innovation_unit, selected=entries[:1], rationale=RATIONALE)
    assert kinds_since(mark) == [LedgerKind.SCREENING_DECIDED, LedgerKind.SCREENING_SELECTED]
    assert_sound()


def test_a_large_call_records_the_not_selected_ids_by_digest(monkeypatch, scored, call, entries, innovation_unit):
    monkeypatch.setattr(screening_services, "LEDGER_MAX_LISTED_IDS", 1)
    mark = head()
    screening_services.screening_decide(call=call, by=innovation_unit, selected=entries[:1], rationale=RATIONALE)
    payload = since(mark)[0][4]
    rest = sorted([entries[1].pk, entries[2].pk])
    assert payload["not_selected_ids"] is None
    assert payload["not_selected_count"] == 2
    assert payload["not_selected_ids_sha256"] == sha(",".join(map(str, rest)))


# --- Routing -----------------------------------------------------------------------------


def test_each_review_verdict_is_recorded(innovation_unit):
    first, second = DepartmentFactory(name="정보화담당관"), DepartmentFactory(name="도시계획과")
    routed = NotSelectedProposalFactory()
    routing_services.proposal_review(
        proposal=routed, by=innovation_unit, verdict=ReviewVerdict.ROUTE, note=NOTE,
        departments=[first, second], lead_department=second,
    )
    done = NotSelectedProposalFactory()
    routing_services.proposal_review(
        proposal=done, by=innovation_unit, verdict=ReviewVerdict.ALREADY_DONE, where_done=WHERE_DONE
    )
    infeasible = NotSelectedProposalFactory()
    routing_services.proposal_review(
        proposal=infeasible, by=innovation_unit, verdict=ReviewVerdict.NOT_FEASIBLE, reason=REASON
    )
    merged = NotSelectedProposalFactory()
    routing_services.proposal_review(
        proposal=merged, by=innovation_unit, verdict=ReviewVerdict.MERGE, merged_into=routed
    )

    routings = {r.department_id: r for r in Routing.objects.filter(proposal=routed)}
    entries = since(0)
    assert [(k, t, i, a) for k, t, i, a, _p in entries] == [
        (LedgerKind.ROUTING_VERDICT, "proposals.proposal", p.pk, innovation_unit.pk)
        for p in (routed, done, infeasible, merged)
    ]
    base = {"department_ids": [], "lead_department_id": None, "routing_ids": [], "merged_into_id": None,
            "due_on": None, "note_sha256": None, "where_done_sha256": None, "reason_sha256": None}
    expected = [
        {**base, "verdict": "route", "department_ids": [first.pk, second.pk], "lead_department_id": second.pk,
         "routing_ids": [routings[first.pk].pk, routings[second.pk].pk],
         "due_on": routings[first.pk].due_on.isoformat(), "note_sha256": sha(NOTE)},
        {**base, "verdict": "already_done", "where_done_sha256": sha(WHERE_DONE)},
        {**base, "verdict": "not_feasible", "reason_sha256": sha(REASON)},
        {**base, "verdict": "merge", "merged_into_id": routed.pk},
    ]
    for (_k, _t, _i, _a, payload), proposal, want in zip(entries, (routed, done, infeasible, merged), expected,
                                                          strict=True):
        review = Review.objects.get(proposal=proposal)
        assert payload == {**want, "proposal_id": proposal.pk, "call_id": proposal.call_id, "review_id": review.pk}
    assert_sound()


def test_refused_reviews_and_a_refused_batch_leave_no_entry(innovation_unit, staff):
    proposal = NotSelectedProposalFactory()
    with pytest.raises(PermissionDenied):
        routing_services.proposal_review(
            proposal=proposal, by=staff, verdict=ReviewVerdict.NOT_FEASIBLE, reason=REASON
        )
    with pytest.raises(ValidationError):
        routing_services.proposal_review(
            proposal=SubmittedProposalFactory(), by=innovation_unit, verdict=ReviewVerdict.NOT_FEASIBLE, reason=REASON
        )
    good, closed = NotSelectedProposalFactory(), NotSelectedProposalFactory()
    with pytest.raises(ValidationError):  # all or nothing: the first verdict's entry goes too
        routing_services.proposals_bulk_review(
            items=[
                routing_services.BulkItem(good, DepartmentFactory()),
                routing_services.BulkItem(closed, DepartmentFactory(is_active=False)),
            ],
            by=innovation_unit,
            verdict=ReviewVerdict.ROUTE,
        )
    assert head() == 0
    assert not Review.objects.exists()


@pytest.fixture
def routed():
    department = DepartmentFactory(name="관광진흥과")
    routing = RoutingFactory(department=department)
    return routing, liaison_user(department, full_name="연락관갑")


def _answer_payload(routing, event, **overrides):
    return {
        "routing_id": routing.pk,
        "proposal_id": routing.proposal_id,
        "department_id": routing.department_id,
        "event_id": event.pk,
        "event_kind": event.kind,
        "status": routing.status,
        "target_date": None,
        "reroute_to_id": None,
        "text_sha256": None,
        **overrides,
    }


def test_answer_progress_and_implementation_are_recorded(routed, staff):
    routing, liaison = routed
    target = timezone.localdate() + timedelta(days=90)
    with pytest.raises(PermissionDenied):
        routing_services.routing_answer(routing=routing, by=staff, status=RoutingStatus.UNDER_STUDY)
    with pytest.raises(ValidationError):  # adopting needs the plan and the date
        routing_services.routing_answer(routing=routing, by=liaison, status=RoutingStatus.ADOPTED, text=PLAN)
    assert head() == 0

    routing_services.routing_answer(routing=routing, by=liaison, status=RoutingStatus.UNDER_STUDY)
    routing_services.routing_answer(
        routing=routing, by=liaison, status=RoutingStatus.ADOPTED, text=PLAN, target_date=target
    )
    routing_services.routing_progress_update(routing=routing, by=liaison, text=PROGRESS)
    routing_services.routing_progress_update(routing=routing, by=liaison, text=PROGRESS, implemented=True)

    routing.refresh_from_db()
    events = list(routing.events.exclude(kind=RoutingEventKind.ROUTED).order_by("pk"))
    assert since(0) == [
        (LedgerKind.ROUTING_ANSWER, "routing.routing", routing.pk, liaison.pk, payload)
        for payload in [
            _answer_payload(routing, events[0], status="under_study"),
            _answer_payload(routing, events[1], status="adopted", target_date=target.isoformat(),
                            text_sha256=sha(PLAN)),
            _answer_payload(routing, events[2], status="adopted", target_date=target.isoformat(),
                            text_sha256=sha(PROGRESS)),
            _answer_payload(routing, events[3], status="implemented", target_date=target.isoformat(),
                            text_sha256=sha(PROGRESS)),
        ]
    ]
    assert [e.kind for e in events] == ["answer", "answer", "progress", "progress"]
    assert_sound()


def test_reroute_request_and_the_units_decisions_are_recorded(routed, innovation_unit):
    routing, liaison = routed
    origin = routing.department
    other, third = DepartmentFactory(name="도시계획과"), DepartmentFactory(name="교통정책과")

    routing_services.routing_answer(
        routing=routing, by=liaison, status=RoutingStatus.REROUTE_REQUESTED, text=REROUTE_WHY, reroute_to=other
    )
    with pytest.raises(ValidationError):  # rejecting needs a reason
        routing_services.routing_reroute_decide(routing=routing, by=innovation_unit, approve=False)
    routing_services.routing_reroute_decide(routing=routing, by=innovation_unit, approve=False, note=NOTE)
    routing_services.routing_answer(
        routing=routing, by=liaison, status=RoutingStatus.REROUTE_REQUESTED, text=REROUTE_WHY, reroute_to=other
    )
    routing_services.routing_reroute_decide(routing=routing, by=innovation_unit, approve=True)
    routing_services.routing_move(routing=routing, to_department=third, by=innovation_unit, note=NOTE)

    routing.refresh_from_db()
    events = list(routing.events.exclude(kind=RoutingEventKind.ROUTED).order_by("pk"))
    entries = since(0)
    assert [(k, i, a) for k, _t, i, a, _p in entries] == [
        (LedgerKind.ROUTING_ANSWER, routing.pk, liaison.pk),
        (LedgerKind.ROUTING_REROUTED, routing.pk, innovation_unit.pk),
        (LedgerKind.ROUTING_ANSWER, routing.pk, liaison.pk),
        (LedgerKind.ROUTING_REROUTED, routing.pk, innovation_unit.pk),
        (LedgerKind.ROUTING_REROUTED, routing.pk, innovation_unit.pk),
    ]
    assert entries[0][4] == {
        "routing_id": routing.pk, "proposal_id": routing.proposal_id, "department_id": origin.pk,
        "event_id": events[0].pk, "event_kind": "answer", "status": "reroute_requested", "target_date": None,
        "reroute_to_id": other.pk, "text_sha256": sha(REROUTE_WHY),
    }

    def rerouted(event, *, kind, from_id, to_id, at_id, status, due_on):
        return {
            "routing_id": routing.pk, "proposal_id": routing.proposal_id, "event_id": event.pk,
            "event_kind": kind, "from_department_id": from_id, "to_department_id": to_id,
            "department_id": at_id, "status": status, "due_on": due_on,
            "note_sha256": sha(NOTE) if event.text else None,
        }

    assert entries[1][4] == rerouted(
        events[1], kind="reroute_rejected", from_id=origin.pk, to_id=other.pk, at_id=origin.pk,
        status="awaiting", due_on=entries[1][4]["due_on"],
    )
    assert entries[3][4] == rerouted(
        events[3], kind="reroute_approved", from_id=origin.pk, to_id=other.pk, at_id=other.pk,
        status="awaiting", due_on=events[3].due_on.isoformat(),
    )
    assert entries[4][4] == rerouted(
        events[4], kind="moved", from_id=other.pk, to_id=third.pk, at_id=third.pk,
        status="awaiting", due_on=routing.due_on.isoformat(),
    )
    assert_sound()


def test_refused_reroute_decisions_leave_no_entry(routed, innovation_unit, staff):
    routing, liaison = routed
    with pytest.raises(ValidationError):  # nothing requested
        routing_services.routing_reroute_decide(routing=routing, by=innovation_unit, approve=True)
    with pytest.raises(PermissionDenied):
        routing_services.routing_move(routing=routing, to_department=DepartmentFactory(), by=staff)
    with pytest.raises(ValidationError):  # already there
        routing_services.routing_move(routing=routing, to_department=routing.department, by=innovation_unit)
    assert head() == 0


# --- Labs --------------------------------------------------------------------------------


def test_forming_a_lab_records_lab_formed(innovation_unit, staff):
    proposal = SelectedProposalFactory(proposer=UserFactory(full_name="홍길동제안자"), proposer_volunteers=True)
    CoProposerFactory(proposal=proposal, user=staff, volunteers=True)
    start = timezone.localdate() + timedelta(days=7)
    end = start + timedelta(days=150)
    with pytest.raises(PermissionDenied):
        labs_services.lab_form(proposal=proposal, by=staff, name="블록체인 랩", mission=MISSION,
                               start_date=start, end_date=end)
    with pytest.raises(ValidationError):
        labs_services.lab_form(proposal=SubmittedProposalFactory(), by=innovation_unit, name="블록체인 랩",
                               mission=MISSION, start_date=start, end_date=end)
    assert head() == 0

    lab = labs_services.lab_form(proposal=proposal, by=innovation_unit, name="블록체인 랩", mission=MISSION,
                                 start_date=start, end_date=end)

    assert since(0) == [
        (
            LedgerKind.LAB_FORMED,
            "labs.lab",
            lab.pk,
            innovation_unit.pk,
            {
                "lab_id": lab.pk,
                "proposal_id": proposal.pk,
                "call_id": proposal.call_id,
                "start_date": start.isoformat(),
                "end_date": end.isoformat(),
                "recruitment_closes_on": None,
                "invited_user_ids": sorted([proposal.proposer_id, staff.pk]),
                "mission_sha256": sha(MISSION),
            },
        )
    ]
    assert_sound()


def _membership_payload(lab, membership, *, status, lab_status, decision=None):
    return {
        "lab_id": lab.pk,
        "membership_id": membership.pk,
        "user_id": membership.user_id,
        "status": status,
        "invited_by_id": membership.invited_by_id,
        "decision_id": decision.pk if decision else None,
        "lab_status": lab_status,
    }


def test_joining_and_leaving_are_recorded(innovation_unit):
    a, b, c = (UserFactory(full_name=n) for n in ("김랩원", "이랩원", "박랩원"))
    lab = running_lab(a, b, iu=innovation_unit)
    membership_a = Membership.objects.get(lab=lab, user=a)
    joined = [e for e in since(0) if e[0] == LedgerKind.LAB_MEMBER_JOINED]
    assert joined == [
        (LedgerKind.LAB_MEMBER_JOINED, "labs.lab", lab.pk, user.pk,
         _membership_payload(lab, Membership.objects.get(lab=lab, user=user), status="active",
                             lab_status="recruiting"))
        for user in (a, b)
    ]
    mark = head()
    with pytest.raises(PermissionDenied):  # not a member
        labs_services.membership_leave(lab=lab, by=c)
    with pytest.raises(PermissionDenied):  # not invited: cannot accept
        labs_services.membership_respond(lab=lab, by=c, accept=True)
    assert head() == mark

    labs_services.membership_leave(lab=lab, by=a)

    membership_a.refresh_from_db()
    assert since(mark) == [
        (LedgerKind.LAB_MEMBER_LEFT, "labs.lab", lab.pk, a.pk,
         _membership_payload(lab, membership_a, status="left", lab_status="paused")),
    ]
    assert_sound()


def test_a_removal_by_joint_decision_records_signoffs_the_decision_and_the_departure(innovation_unit):
    a, b, c = UserFactory(), UserFactory(), UserFactory()
    lab = running_lab(a, b, c, iu=innovation_unit)
    mark = head()

    decision = labs_services.decision_propose(lab=lab, by=a, kind=DecisionKind.REMOVE_MEMBER, subject=c,
                                              summary="참여가 어려움")
    labs_services.decision_sign(decision=decision, by=b, approve=True)

    signoffs = {s.user_id: s for s in Signoff.objects.filter(decision=decision)}
    membership_c = Membership.objects.get(lab=lab, user=c)
    assert membership_c.status == MembershipStatus.REMOVED
    assert since(mark) == [
        (LedgerKind.LAB_SIGNOFF, "labs.lab", lab.pk, a.pk,
         {"lab_id": lab.pk, "decision_id": decision.pk, "decision_kind": "remove_member",
          "signoff_id": signoffs[a.pk].pk, "user_id": a.pk, "verdict": "signed", "comment_sha256": None}),
        (LedgerKind.LAB_SIGNOFF, "labs.lab", lab.pk, b.pk,
         {"lab_id": lab.pk, "decision_id": decision.pk, "decision_kind": "remove_member",
          "signoff_id": signoffs[b.pk].pk, "user_id": b.pk, "verdict": "signed", "comment_sha256": None}),
        (LedgerKind.LAB_DECISION, "labs.lab", lab.pk, b.pk,
         {"lab_id": lab.pk, "decision_id": decision.pk, "decision_kind": "remove_member", "status": "adopted",
          "proposed_by_id": a.pk, "signer_ids": sorted([a.pk, b.pk]), "subject_id": c.pk, "new_end_date": None,
          "mission_sha256": None, "final_report_id": None, "outcome": None, "reviewed_by_id": None}),
        (LedgerKind.LAB_MEMBER_LEFT, "labs.lab", lab.pk, b.pk,
         _membership_payload(lab, membership_c, status="removed", lab_status="running", decision=decision)),
    ]
    assert_sound(extra_texts=["참여가 어려움"])


def test_a_decline_records_its_comment_by_digest_and_settles_the_decision():
    a, b = UserFactory(), UserFactory()
    lab = running_lab(a, b)
    decision = labs_services.decision_propose(lab=lab, by=a, kind=DecisionKind.SCOPE_CHANGE, new_mission=MISSION)
    mark = head()
    with pytest.raises(ValidationError):  # a decline needs a comment
        labs_services.decision_sign(decision=decision, by=b, approve=False)
    assert head() == mark

    labs_services.decision_sign(decision=decision, by=b, approve=False, comment=DECLINE_COMMENT)

    signoff = Signoff.objects.get(decision=decision, user=b)
    [signed, settled] = since(mark)
    assert signed == (LedgerKind.LAB_SIGNOFF, "labs.lab", lab.pk, b.pk,
                      {"lab_id": lab.pk, "decision_id": decision.pk, "decision_kind": "scope_change",
                       "signoff_id": signoff.pk, "user_id": b.pk, "verdict": "declined",
                       "comment_sha256": sha(DECLINE_COMMENT)})
    assert settled[0] == LedgerKind.LAB_DECISION
    assert settled[4]["status"] == "declined"
    assert settled[4]["mission_sha256"] == sha(MISSION)
    assert settled[4]["signer_ids"] == [a.pk]
    assert_sound()


def test_an_extension_records_the_members_and_the_units_decision(innovation_unit):
    a, b = UserFactory(), UserFactory()
    lab = running_lab(a, b, iu=innovation_unit)
    new_end = lab.end_date.replace(day=1) if lab.end_date.day > 1 else lab.end_date
    lab.end_date = new_end - timedelta(days=10)
    lab.save()
    decision = labs_services.decision_propose(lab=lab, by=a, kind=DecisionKind.EXTENSION, new_end_date=new_end)
    labs_services.decision_sign(decision=decision, by=b, approve=True)
    mark = head()
    with pytest.raises(PermissionDenied):
        labs_services.decision_review_extension(decision=decision, by=a, approve=True)
    assert head() == mark

    labs_services.decision_review_extension(decision=decision, by=innovation_unit, approve=True, comment=NOTE)

    [(kind, _type, lab_id, actor_id, payload)] = since(mark)
    assert (kind, lab_id, actor_id) == (LedgerKind.LAB_DECISION, lab.pk, innovation_unit.pk)
    assert payload["status"] == "adopted"
    assert payload["new_end_date"] == new_end.isoformat()
    assert payload["reviewed_by_id"] == innovation_unit.pk
    statuses = [e[4]["status"] for e in since(0) if e[0] == LedgerKind.LAB_DECISION]
    assert statuses == ["awaiting_approval", "adopted"]
    assert_sound()


def test_the_final_report_and_closing_are_recorded(innovation_unit):
    a, b = UserFactory(), UserFactory()
    lab = running_lab(a, b, iu=innovation_unit)
    decision = labs_services.decision_propose(lab=lab, by=a, kind=DecisionKind.FINAL_REPORT, report=REPORT)
    mark = head()
    labs_services.decision_sign(decision=decision, by=b, approve=True)
    report = decision.report
    [signed, settled] = since(mark)
    assert signed[0] == LedgerKind.LAB_SIGNOFF and signed[4]["decision_kind"] == "final_report"
    assert settled[4] == {
        "lab_id": lab.pk, "decision_id": decision.pk, "decision_kind": "final_report", "status": "adopted",
        "proposed_by_id": a.pk, "signer_ids": sorted([a.pk, b.pk]), "subject_id": None, "new_end_date": None,
        "mission_sha256": None, "final_report_id": report.pk, "outcome": "partly_achieved", "reviewed_by_id": None,
    }
    mark = head()
    with pytest.raises(PermissionDenied):
        labs_services.lab_close(lab=lab, by=a)
    assert head() == mark

    lab = labs_services.lab_close(lab=lab, by=innovation_unit)

    assert lab.status == LabStatus.CLOSED
    assert since(mark) == [
        (LedgerKind.LAB_CLOSED, "labs.lab", lab.pk, innovation_unit.pk,
         {"lab_id": lab.pk, "proposal_id": lab.proposal_id, "decision_id": decision.pk,
          "final_report_id": report.pk, "outcome": "partly_achieved", "member_ids": sorted([a.pk, b.pk]),
          "closed_on": timezone.localdate(lab.closed_at).isoformat()}),
    ]
    assert_sound()


def test_closing_too_early_leaves_no_entry(innovation_unit):
    lab = running_lab(iu=innovation_unit)
    mark = head()
    with pytest.raises(ValidationError):
        labs_services.lab_close(lab=lab, by=innovation_unit)
    assert head() == mark
    assert DecisionStatus.ADOPTED not in lab.decisions.values_list("status", flat=True)
