"""Demo data for labs (called by ``seed_demo`` after the foundation and screening demo data).

Expects: the innovation-unit user "iu01"; the past call "2019-G" whose proposal
"블록체인을 활용한 행정혁신" the screening demo has selected (skipped gracefully if it is not
selected yet); the staff "staff06" (grade 6) and "staff07" (grade 7), created if missing, and
"staff14", "staff15". Liaisons of the members' departments acknowledge the releases when
there are any; otherwise the innovation unit does.

Builds, through the labs services:
- the blockchain lab, three months into a six-month term (start = today − 3 months), with
  staff06 and staff07 as members, released from routine duties, with progress log entries,
  a comment from the innovation unit and milestones (two done, two ahead);
- a small earlier call "2018-G" with one selected proposal whose lab ran in 2018–2019 and
  closed with the outcome "not achieved" and its lessons learned. That pilot call had no
  screening board: its submission and its selection are written to the decision ledger as the
  form and the screening would write them, so ``verify_ledger --state`` agrees with the demo.

Idempotent: a proposal that already has a lab is left alone.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.enums import Grade
from accounts.models import Department, User
from accounts.selectors import liaison_grants
from proposals.enums import CallPhase, ProposalStatus
from proposals.models import Call, Proposal
from proposals.services import (
    call_set_phase,
    proposal_selection_record,
    proposal_submission_record,
    proposal_transition,
)

from . import services
from .enums import DecisionKind, MembershipStatus, Outcome
from .models import DutyRelease, Lab, Milestone
from .terms import add_months, term_end

BLOCKCHAIN_TITLE = "블록체인을 활용한 행정혁신"
EARLIER_CALL = "2018-G"
EARLIER_TITLE = "드론을 활용한 산림 병해충 조기 탐지"

BLOCKCHAIN_ENTRIES = [
    ("국내외 블록체인 행정 서비스 사례 12건을 조사하고 공통 구조를 정리했습니다.",
     "증명서 발급처럼 위·변조 방지가 중요한 업무에서 효과가 가장 큽니다.",
     "도 자체 발급 증명서 목록을 만들고 후보 업무를 고릅니다.", ""),
    ("도청 발급 증명서 37종을 조사해 발급 건수와 처리 시간을 비교했습니다.",
     "자격증명 확인 업무가 건수는 적어도 민원인의 방문 부담이 큽니다.",
     "후보 업무 3개를 담당 부서와 인터뷰합니다.", ""),
    ("담당 부서 3곳을 인터뷰했습니다. 두 부서가 시범 적용에 관심을 보였습니다.",
     "기술보다 업무 절차와 법적 근거가 먼저 정리되어야 합니다.",
     "개인정보 영향과 법적 근거를 법무담당관과 검토합니다.",
     "개인정보 처리 근거 검토에 시간이 걸리고 있습니다."),
    ("시범 서비스 설계안을 만들고 민간 전문가 자문을 받았습니다.",
     "분산원장에는 원문이 아니라 검증값만 저장하면 개인정보 문제가 크게 줄어듭니다.",
     "시범 서비스 화면 시안을 만들어 직원 10명에게 사용성 평가를 받습니다.", ""),
    ("직원 10명 대상 사용성 평가를 했습니다. 발급·검증 시간이 평균 7분에서 1분으로 줄었습니다.",
     "검증하는 쪽(기관)의 화면이 더 중요하다는 의견이 많았습니다.",
     "검증 화면을 고치고 시범 운영 계획을 세웁니다.", "시범 운영 예산 항목 확인이 필요합니다."),
]

EARLIER_ENTRIES = [
    ("산림 병해충 예찰 현황을 조사하고 드론 촬영 시범 구역 2곳을 정했습니다.",
     "현장 예찰 인력이 넓은 면적을 다 보지 못하는 것이 핵심 문제입니다.",
     "비행 승인 절차를 확인합니다.", ""),
    ("비행 승인을 신청했으나 시범 구역 1곳이 비행 제한 구역으로 확인되었습니다.",
     "사전 규제 검토를 과제 시작 전에 했어야 합니다.",
     "나머지 1곳에서 촬영 자료를 모읍니다.", "비행 제한 구역 문제로 자료가 절반만 확보됩니다."),
    ("촬영 자료로 병해충 판별을 시도했으나 정확도가 60%에 그쳤습니다.",
     "판별 모델을 학습시킬 현장 자료가 턱없이 부족했습니다.",
     "결과를 정리하고 최종보고를 준비합니다.", ""),
]


def _user(username: str, full_name: str, grade: str) -> User:
    department = Department.objects.exclude(code="INNO").order_by("code").first()
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "grade": grade, "department": department}
    )
    if created:
        user.set_password("glab-demo-2026")
        user.save()
    return user


def _acknowledger(user: User, fallback: User) -> User:
    if user.department_id is None:
        return fallback
    grant = liaison_grants(department_ids=[user.department_id]).select_related("user").order_by("user__username").first()
    return grant.user if grant else fallback


def _staff_lab(*, proposal: Proposal, iu: User, name: str, mission: str, start: date, end: date,
               members: list[User], orders: list[str]) -> Lab:
    lab = services.lab_form(proposal=proposal, by=iu, name=name, mission=mission, start_date=start, end_date=end)
    for member in members:
        membership = lab.memberships.filter(user=member).first()
        if membership is None or membership.status != MembershipStatus.INVITED:
            membership = services.lab_volunteer(lab=lab, by=member)
            services.membership_invite(membership=membership, by=iu)
        services.membership_respond(lab=lab, by=member, accept=True)
    for member, order in zip(members, orders, strict=True):
        release = DutyRelease.objects.get(membership__lab=lab, membership__user=member, closed_at__isnull=True)
        services.release_acknowledge(release=release, by=_acknowledger(member, iu), order_reference=order)
    return services.lab_start(lab=lab, by=iu)


def _log(lab: Lab, members: list[User], entries, first_day: date, every_days: int) -> None:
    for index, (did, learned, next_steps, blockers) in enumerate(entries):
        services.log_entry_create(
            lab=lab, by=members[index % len(members)], entry_date=first_day + timedelta(days=every_days * index),
            did=did, learned=learned, next_steps=next_steps, blockers=blockers,
        )


def _milestones(lab: Lab, by: User, plan: list[tuple[str, date, bool]]) -> None:
    for title, target, done in plan:
        milestone = services.milestone_create(lab=lab, by=by, title=title, target_date=target)
        if done:
            services.milestone_set_done(milestone=milestone, by=by, done=True)
            Milestone.objects.filter(pk=milestone.pk).update(done_on=target)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def seed_blockchain_lab(*, now: datetime, iu: User) -> Lab | None:
    proposal = Proposal.objects.filter(
        call__code="2019-G", title=BLOCKCHAIN_TITLE, status=ProposalStatus.SELECTED
    ).first()
    if proposal is None:
        return None
    existing = Lab.objects.filter(proposal=proposal).first()
    if existing:
        return existing
    grade6 = _user("staff06", "김도전", Grade.GRADE_6)
    grade7 = _user("staff07", "이혁신", Grade.GRADE_7)
    today = timezone.localdate(now)
    start = add_months(today, -3)
    lab = _staff_lab(
        proposal=proposal, iu=iu, name="블록체인 행정혁신 랩",
        mission="블록체인으로 위·변조 걱정 없는 증명서 발급·검증 서비스를 설계하고 시범 운영 방안을 마련합니다.",
        start=start, end=term_end(start, 6), members=[grade6, grade7],
        orders=["경상남도 인사발령 제2026-41호", "경상남도 인사발령 제2026-42호"],
    )
    # Spread the entries over the three months so the last one is recent (the log is on time).
    first_day, last_day = start + timedelta(days=6), today - timedelta(days=5)
    every_days = (last_day - first_day).days // (len(BLOCKCHAIN_ENTRIES) - 1)
    _log(lab, [grade6, grade7], BLOCKCHAIN_ENTRIES, first_day=first_day, every_days=every_days)
    first = lab.entries.order_by("entry_date").first()
    services.log_comment_add(entry=first, by=iu, body="좋은 출발입니다. 조사한 사례 목록을 공유해 주시면 다른 부서에도 알리겠습니다.")
    _milestones(lab, grade6, [
        ("현황 조사 및 사례 분석", add_months(start, 1), True),
        ("시범 서비스 설계", add_months(start, 2) + timedelta(days=20), True),
        ("시범 운영", add_months(start, 4), False),
        ("최종보고", term_end(start, 6) - timedelta(days=7), False),
    ])
    Lab.objects.filter(pk=lab.pk).update(started_at=_at(start))
    return lab


def seed_closed_lab(*, now: datetime, iu: User) -> Lab:
    call, _ = Call.objects.get_or_create(
        code=EARLIER_CALL,
        defaults={
            "title": "2018년 경남 G-랩 시범 과제 공모",
            "description": "G-랩 제도를 시범 운영할 과제를 공모합니다.",
            "opens_at": _at(date(2018, 8, 6)),
            "closes_at": _at(date(2018, 8, 24)) + timedelta(hours=9),
            "created_by": iu,
        },
    )
    members = [_user("staff14", "박시범", Grade.GRADE_7), _user("staff15", "최실험", Grade.GRADE_8)]
    proposal = call.proposals.filter(title=EARLIER_TITLE).first()
    if proposal is None:
        proposal = Proposal.objects.create(
            call=call, proposer=members[0], title=EARLIER_TITLE,
            problem="넓은 산림을 현장 예찰 인력만으로 살피기 어려워 병해충 발견이 늦습니다.",
            idea="드론으로 촬영한 영상을 분석해 병해충 피해목을 조기에 찾아냅니다.",
            effect="방제 시기를 앞당겨 산림 피해와 방제 비용을 줄입니다.",
            owning_department=members[0].department, keywords="드론, 산림, 병해충",
            proposer_volunteers=True, status=ProposalStatus.SUBMITTED, reference=f"{EARLIER_CALL}-001",
            submitted_at=call.opens_at + timedelta(days=5),
        )
        Call.objects.filter(pk=call.pk).update(next_reference_number=2)
        proposal_submission_record(proposal=proposal, by=proposal.proposer)
        proposal_transition(proposal=proposal, to=ProposalStatus.SELECTED, by=iu, reason="demo: selected")
        proposal_selection_record(proposal=proposal, by=iu)
    if call.phase == CallPhase.CLOSED:
        call_set_phase(call=call, to=CallPhase.SCREENING, by=iu)
        call_set_phase(call=call, to=CallPhase.DECIDED, by=iu)
    existing = Lab.objects.filter(proposal=proposal).first()
    if existing:
        return existing
    start = date(2018, 10, 1)
    lab = _staff_lab(
        proposal=proposal, iu=iu, name="드론 산림 예찰 랩",
        mission="드론 촬영 영상으로 산림 병해충 피해목을 조기에 찾아내는 방법을 시험합니다.",
        start=start, end=term_end(start, 4), members=members, orders=["", ""],
    )
    _log(lab, members, EARLIER_ENTRIES, first_day=start + timedelta(days=10), every_days=30)
    _milestones(lab, members[1], [
        ("시범 구역 선정", date(2018, 10, 20), True),
        ("촬영 자료 확보", date(2018, 12, 1), False),
        ("판별 정확도 80% 달성", date(2019, 1, 15), False),
    ])
    decision = services.decision_propose(
        lab=lab, by=members[0], kind=DecisionKind.FINAL_REPORT,
        report={
            "summary": "드론 영상으로 병해충 피해목을 찾는 방법을 4개월 동안 시험했습니다.",
            "results": "시범 구역 1곳에서 촬영 자료를 확보했고, 판별 정확도는 60%였습니다.",
            "outcome": Outcome.NOT_ACHIEVED,
            "lessons": "비행 규제는 과제를 시작하기 전에 확인해야 합니다. 판별 모델에는 계절별 현장 "
                       "자료가 충분히 필요하며, 산림 부서와 처음부터 함께 자료를 모아야 합니다.",
            "next_steps": "산림 부서가 현장 자료를 1년간 모은 뒤 판별 모델을 다시 시험할 것을 권합니다.",
        },
    )
    services.decision_sign(decision=decision, by=members[1], approve=True)
    lab = services.lab_close(lab=lab, by=iu)
    Lab.objects.filter(pk=lab.pk).update(started_at=_at(start), closed_at=_at(date(2019, 2, 8)))
    return lab


@transaction.atomic
def seed(*, now: datetime) -> None:
    iu = User.objects.get(username="iu01")
    seed_blockchain_lab(now=now, iu=iu)
    seed_closed_lab(now=now, iu=iu)
