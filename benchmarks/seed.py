"""Seeds the benchmark database with bulk inserts (not the services: 10,000 proposals through
the services would take longer than the benchmark). Idempotent: does nothing when seeded.

    2,000 staff in 50 departments, 20 calls with 500 proposals each (10,000), the last call open,
    8 calls screened by 5-member boards (20,000 reviews, 60,000 scores), 10 decided calls with
    5,000 routed proposals, 10 running labs of 3 members with 200 log entries each.
"""

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.enums import AccountSource, Grade, Role
from accounts.models import Department, DepartmentUserObjectPermission, User
from accounts.permissions import LIAISON_PERMISSION
from labs.enums import LabStatus, MembershipStatus
from labs.models import Lab, LogEntry, Membership
from privacy.models import PrivacyConsent
from proposals.enums import CallPhase, ProposalStatus
from proposals.models import Call, CallUserObjectPermission, Proposal
from routing.enums import ReviewVerdict, RoutingEventKind, RoutingStatus
from routing.models import Review as RoutingReview
from routing.models import Routing, RoutingEvent
from screening.models import Criterion, Review, Score, Screening

PASSWORD = "bench-pass-2026"
N_DEPARTMENTS, N_STAFF, N_CALLS, PER_CALL = 50, 2000, 20, 500
SCREENED_CALLS = range(0, 8)  # calls 0..7: in screening, 5 board members each
DECIDED_CALLS = range(8, 18)  # calls 8..17: decided, 500 not-selected routed per call
OPEN_CALL = N_CALLS - 1
BOARD_SIZE = 5
N_LABS, LAB_MEMBERS, LOG_ENTRIES = 10, 3, 200
TEXT = "현장의 불편을 줄이고 도민 편의를 높이기 위한 제안입니다. " * 8


def seeded() -> bool:
    return Call.objects.filter(code="B00").exists()


def _content_type(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model)


@transaction.atomic
def seed() -> dict:
    rng = random.Random(2026)
    now = timezone.now()
    password = make_password(PASSWORD)
    departments = Department.objects.bulk_create(
        [Department(code=f"BD{i:02d}", name=f"벤치마크{i:02d}과") for i in range(N_DEPARTMENTS)]
    )
    grades = [Grade.GRADE_5, Grade.GRADE_6, Grade.GRADE_7, Grade.GRADE_8, Grade.GRADE_9]
    staff = User.objects.bulk_create(
        [
            User(
                username=f"b{i:05d}", full_name=f"직원{i:05d}", email=f"b{i:05d}@bench.go.kr",
                department=departments[i % N_DEPARTMENTS], grade=grades[i % 5], source=AccountSource.HR,
                password=password,
            )
            for i in range(N_STAFF)
        ]
    )
    iu = User.objects.create(username="bench-iu", full_name="박혁신", email="iu@bench.go.kr", password=password,
                             department=departments[0])
    Group.objects.get_or_create(name=Role.INNOVATION_UNIT.value)[0].user_set.add(iu)
    liaison_group = Group.objects.get_or_create(name=Role.DEPARTMENT_LIAISON.value)[0]
    liaisons = staff[-N_DEPARTMENTS:]
    liaison_group.user_set.add(*liaisons)
    perm = _liaison_permission()
    DepartmentUserObjectPermission.objects.bulk_create(
        [DepartmentUserObjectPermission(user=u, permission=perm, content_object=d) for u, d in zip(liaisons, departments, strict=True)]
    )
    PrivacyConsent.objects.bulk_create(
        [PrivacyConsent(user=u, notice_version="2026-1") for u in [*staff, iu]]
    )

    calls = []
    for c in range(N_CALLS):
        opens = now - timedelta(days=30 * (N_CALLS - c) + 30)
        closes = opens + timedelta(days=21)
        phase = ""
        if c in SCREENED_CALLS:
            phase = CallPhase.SCREENING
        elif c in DECIDED_CALLS:
            phase = CallPhase.DECIDED
        if c == OPEN_CALL:
            opens, closes = now - timedelta(days=10), now + timedelta(days=10)
        calls.append(Call(title=f"벤치마크 공모 {c:02d}", code=f"B{c:02d}", description=TEXT, opens_at=opens,
                          closes_at=closes, stored_phase=phase, created_by=iu, next_reference_number=PER_CALL + 1))
    calls = Call.objects.bulk_create(calls)

    proposals = []
    for c, call in enumerate(calls):
        for n in range(PER_CALL):
            status = ProposalStatus.SUBMITTED
            if c in DECIDED_CALLS:
                status = ProposalStatus.SELECTED if n == 0 else ProposalStatus.NOT_SELECTED
            if c == OPEN_CALL:
                status = ProposalStatus.DRAFT  # drafts for the deadline rush, one per staff
            proposer = staff[(c * PER_CALL + n) % N_STAFF]
            proposals.append(Proposal(
                call=call, proposer=proposer, title=f"{call.code} 과제 제안 {n:03d}", problem=TEXT, idea=TEXT,
                effect=TEXT, owning_department=departments[n % N_DEPARTMENTS], keywords="혁신, 벤치마크",
                status=status,
                reference="" if status == ProposalStatus.DRAFT else f"{call.code}-{n + 1:03d}",
                submitted_at=None if status == ProposalStatus.DRAFT else call.closes_at - timedelta(hours=n % 200),
            ))
    proposals = Proposal.objects.bulk_create(proposals, batch_size=2000)
    by_call = [proposals[c * PER_CALL:(c + 1) * PER_CALL] for c in range(N_CALLS)]

    # Screening: 8 calls, 5 board members each, every member scored every entry.
    screen_perm = _permission("proposals", "screen_call")
    reviews, grants, criteria_by_call = [], [], {}
    for c in SCREENED_CALLS:
        call = calls[c]
        screening = Screening.objects.create(call=call, deadline=now + timedelta(days=14), created_by=iu,
                                             opened_at=now - timedelta(days=5))
        criteria_by_call[c] = Criterion.objects.bulk_create(
            [Criterion(screening=screening, name=name, weight=w, position=i)
             for i, (name, w) in enumerate([("혁신성", 40), ("실현 가능성", 30), ("파급 효과", 30)])]
        )
        board = staff[100 + c * BOARD_SIZE: 100 + (c + 1) * BOARD_SIZE]
        grants += [CallUserObjectPermission(user=m, permission=screen_perm, content_object=call) for m in board]
        reviews += [Review(screening=screening, proposal=p, reviewer=m, comment="검토 의견")
                    for p in by_call[c] for m in board]
    CallUserObjectPermission.objects.bulk_create(grants)
    reviews = Review.objects.bulk_create(reviews, batch_size=5000)
    crit_by_screening = {criteria[0].screening_id: criteria for criteria in criteria_by_call.values()}
    scores = [Score(review=r, criterion=k, value=rng.randint(1, 5)) for r in reviews for k in crit_by_screening[r.screening_id]]
    Score.objects.bulk_create(scores, batch_size=10000)

    # Routing: 10 decided calls, 499 not-selected each routed (4,990) + 10 more to make 5,000.
    routed = [p for c in DECIDED_CALLS for p in by_call[c][1:]]
    routed += by_call[SCREENED_CALLS[0]][:10]
    RoutingReview.objects.bulk_create(
        [RoutingReview(proposal=p, verdict=ReviewVerdict.ROUTE, note="실효성이 있습니다.", reviewed_by=iu) for p in routed],
        batch_size=5000,
    )
    statuses = [RoutingStatus.AWAITING, RoutingStatus.UNDER_STUDY, RoutingStatus.ADOPTED, RoutingStatus.DECLINED]
    routings = Routing.objects.bulk_create(
        [Routing(proposal=p, department=departments[i % N_DEPARTMENTS], is_lead=True, status=statuses[i % 4],
                 due_on=timezone.localdate() + timedelta(days=(i % 40) - 10)) for i, p in enumerate(routed)],
        batch_size=5000,
    )
    RoutingEvent.objects.bulk_create(
        [RoutingEvent(routing=r, kind=RoutingEventKind.ROUTED, status=RoutingStatus.AWAITING, department_id=r.department_id,
                      due_on=r.due_on, by=iu) for r in routings],
        batch_size=5000,
    )

    # Labs: on the selected proposal of each decided call.
    labs = Lab.objects.bulk_create(
        [Lab(proposal=by_call[c][0], name=f"벤치마크 랩 {i}", mission=TEXT, start_date=timezone.localdate() - timedelta(days=60),
             end_date=timezone.localdate() + timedelta(days=120), status=LabStatus.RUNNING, started_at=now - timedelta(days=60),
             created_by=iu) for i, c in enumerate(DECIDED_CALLS)]
    )
    members = {lab.pk: staff[300 + i * LAB_MEMBERS: 300 + (i + 1) * LAB_MEMBERS] for i, lab in enumerate(labs)}
    # Members' rights are their active memberships (labs.permissions).
    Membership.objects.bulk_create(
        [Membership(lab=lab, user=u, status=MembershipStatus.ACTIVE, invited_by=iu, joined_at=now - timedelta(days=60))
         for lab in labs for u in members[lab.pk]]
    )
    LogEntry.objects.bulk_create(
        [LogEntry(lab=lab, author=members[lab.pk][n % LAB_MEMBERS], entry_date=timezone.localdate() - timedelta(days=n % 60),
                  did=TEXT, learned=TEXT, next_steps="다음 단계") for lab in labs for n in range(LOG_ENTRIES)],
        batch_size=5000,
    )
    return {
        "staff": len(staff), "departments": len(departments), "calls": len(calls), "proposals": len(proposals),
        "reviews": len(reviews), "scores": len(scores), "routings": len(routings), "labs": len(labs),
        "log_entries": len(labs) * LOG_ENTRIES,
    }


def _permission(app_label: str, codename: str):
    from django.contrib.auth.models import Permission

    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _liaison_permission():
    app_label, codename = LIAISON_PERMISSION.split(".")
    return _permission(app_label, codename)


def actors() -> dict:
    """The people whose pages are measured, and the objects those pages are about."""
    calls = {c.code: c for c in Call.objects.filter(code__startswith="B")}
    screened, decided, open_call = calls["B00"], calls["B08"], calls[f"B{OPEN_CALL:02d}"]
    board_member = User.objects.get(username=f"b{100:05d}")
    lab = Lab.objects.order_by("pk").first()
    lab_member = Membership.objects.filter(lab=lab).order_by("pk").first().user
    busy_department = Routing.objects.values("department").order_by("department").first()["department"]
    liaison = DepartmentUserObjectPermission.objects.filter(content_object_id=busy_department).first().user
    proposer = Proposal.objects.filter(call=decided).order_by("pk")[5].proposer
    return {
        "iu": User.objects.get(username="bench-iu"), "staff": proposer, "board": board_member,
        "liaison": liaison, "lab_member": lab_member, "screened_call": screened, "decided_call": decided,
        "open_call": open_call, "lab": lab, "proposal": Proposal.objects.filter(call=decided, proposer=proposer).first(),
    }
