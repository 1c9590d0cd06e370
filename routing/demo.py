"""Demo data for routing: the 24 not-selected proposals of the past call "2019-G" reviewed for
practical effect, routed across departments and answered in a realistic mix.

Expects (from the foundation and screening demo data): the call with code "2019-G" whose
not-selected proposals exist, and the innovation-unit user "iu01". Creates (if missing) the
liaisons "liaison01".."liaison05" for five departments, three answer templates, the reviews,
routings, answers and progress updates — all through ``routing.services``. Idempotent: a
proposal that already has a review is left as it is. Does nothing if the call or its
not-selected proposals are not there yet.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from accounts.models import Department, User
from accounts.services import department_liaison_assign
from proposals.enums import ProposalStatus
from proposals.models import Call, Proposal

from . import services
from .enums import ReviewVerdict, RoutingStatus
from .models import AnswerTemplate, Review, Routing

SEOUL = ZoneInfo("Asia/Seoul")
CALL_CODE = "2019-G"
LIAISON_USERNAMES = [f"liaison{n:02d}" for n in range(1, 6)]
LIAISON_NAMES = ["강연락", "윤협력", "한소통", "서답변", "임조정"]
DEMO_PASSWORD = "glab-demo-2026"  # noqa: S105 - the documented demo password

TEMPLATES = [
    (
        "소관 부서 추진 검토 요청",
        ReviewVerdict.ROUTE,
        "도민 체감도가 높고 현행 업무와 연계가 쉬워 실효성이 있습니다. 소관 부서에서 추진 여부를 검토해 주시기 바랍니다.",
    ),
    (
        "기시행 사업 안내",
        ReviewVerdict.ALREADY_DONE,
        "유사한 내용이 이미 소관 부서 사업으로 추진되고 있습니다.",
    ),
    (
        "관계 법령상 추진 곤란",
        ReviewVerdict.NOT_FEASIBLE,
        "관계 법령과 상위 계획에 따라 도 차원에서 추진하기 어렵습니다.",
    ),
]

# What each routed proposal's department answers, in turn.
ANSWER_PATTERN = [
    "adopted_progress",
    "under_study",
    "declined",
    "already_done",
    "implemented",
    "overdue",
    "adopted",
    "reroute_pending",
    "declined",
    "reroute_approved",
]


def _at(day: int, hour: int = 10) -> datetime:
    return datetime(2019, 7, 1, hour, tzinfo=SEOUL) + timedelta(days=day)


def _liaisons(proposals: list[Proposal]) -> dict[int, User]:
    """Five liaisons, one per department: an existing liaisonNN keeps their department; the
    others are made for the departments that own most of the call's proposals."""
    counts: dict[Department, int] = {}
    for proposal in proposals:
        if proposal.owning_department and proposal.owning_department.is_active:
            counts[proposal.owning_department] = counts.get(proposal.owning_department, 0) + 1
    candidates = [d for d, _n in sorted(counts.items(), key=lambda item: (-item[1], item[0].code))]
    existing = {
        u.username: u
        for u in User.objects.filter(username__in=LIAISON_USERNAMES).select_related("department")
    }
    taken = {u.department for u in existing.values() if u.department}
    free = [d for d in candidates if d not in taken]
    by_department: dict[int, User] = {}
    for username, full_name in zip(LIAISON_USERNAMES, LIAISON_NAMES, strict=True):
        user = existing.get(username)
        if user is None:
            if not free:
                continue
            user = User(
                username=username,
                full_name=full_name,
                email=f"{username}@example.go.kr",
                department=free.pop(0),
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        if user.department is None or user.department.pk in by_department:
            continue
        department_liaison_assign(department=user.department, user=user)
        by_department[user.department.pk] = User.objects.get(pk=user.pk)
    return by_department


def _templates(unit: User) -> None:
    for title, verdict, body in TEMPLATES:
        if not AnswerTemplate.objects.filter(title=title).exists():
            services.answer_template_save(by=unit, title=title, verdict=verdict, body=body)


def _adopt(routing: Routing, liaison: User, day: int, kind: str) -> None:
    """Adopted; "adopted_progress" and "implemented" report progress, the last one done."""
    answered = _at(day + 10)
    services.routing_answer(
        routing=routing,
        by=liaison,
        status=RoutingStatus.ADOPTED,
        now=answered,
        text=f"「{routing.proposal.title}」을 내년도 업무계획에 반영하여 시범 추진하겠습니다. 예산은 추경에 편성할 예정입니다.",
        target_date=(answered + timedelta(days=180)).date(),
    )
    if kind != "adopted":
        services.routing_progress_update(
            routing=routing,
            by=liaison,
            now=_at(day + 70),
            text="관계 부서 협의와 세부 추진계획 수립을 마쳤습니다. 시범 운영 대상 시·군을 선정 중입니다.",
        )
    if kind == "implemented":
        services.routing_progress_update(
            routing=routing,
            by=liaison,
            now=_at(day + 200),
            implemented=True,
            text="시범 운영을 마치고 도 전역으로 확대 시행했습니다. 민원 처리 기간이 평균 3일 단축되었습니다.",
        )


# The text of each plain answer, by its status.
PLAIN_ANSWERS = {
    "under_study": (
        RoutingStatus.UNDER_STUDY,
        "관련 법령 검토와 시·군 의견 수렴을 진행하고 있습니다. 결과가 나오는 대로 다시 답변드리겠습니다.",
    ),
    "declined": (
        RoutingStatus.DECLINED,
        "상위 법령상 도 조례로 정할 수 없는 사항이고, 소요 예산 대비 효과가 크지 않아 채택하지 않습니다.",
    ),
    "already_done": (
        RoutingStatus.ALREADY_DONE,
        "2018년부터 같은 취지의 사업을 추진하고 있으며, 제안 내용은 운영 개선에 참고하겠습니다.",
    ),
}


def _reroute(
    routing: Routing,
    liaison: User,
    departments: list[Department],
    day: int,
    *,
    approve: bool,
    now: datetime,
) -> None:
    """Asks to re-route to another demo department (if the proposal is not there already);
    the unit approves it when ``approve``."""
    others = [d for d in departments if d.pk != routing.department_id]
    if (
        not others
        or Routing.objects.filter(proposal=routing.proposal, department=others[0]).exists()
    ):
        return
    services.routing_answer(
        routing=routing,
        by=liaison,
        status=RoutingStatus.REROUTE_REQUESTED,
        now=_at(day + 10),
        reroute_to=others[0],
        text=f"제안 내용은 {others[0].name} 소관 업무에 해당하여 이관을 요청합니다.",
    )
    if approve:
        services.routing_reroute_decide(
            routing=routing,
            by=User.objects.get(username="iu01"),
            approve=True,
            now=now - timedelta(days=3),
            note="업무 분장을 확인한 결과 이관이 타당합니다.",
        )


def _answer(
    routing: Routing,
    kind: str,
    liaison: User,
    departments: list[Department],
    day: int,
    now: datetime,
) -> None:
    if kind in ("adopted", "adopted_progress", "implemented"):
        _adopt(routing, liaison, day, kind)
    elif kind in PLAIN_ANSWERS:
        status, text = PLAIN_ANSWERS[kind]
        services.routing_answer(
            routing=routing, by=liaison, status=status, now=_at(day + 10), text=text
        )
    elif kind in ("reroute_pending", "reroute_approved"):
        _reroute(routing, liaison, departments, day, approve=kind == "reroute_approved", now=now)


def _review_without_routing(
    proposal: Proposal, index: int, *, unit: User, moment: datetime, merge_target: Proposal | None
) -> None:
    """The first five: two already done, two not feasible, one merged into another."""
    if index < 2:
        services.proposal_review(
            proposal=proposal,
            by=unit,
            verdict=ReviewVerdict.ALREADY_DONE,
            now=moment,
            note="제안 취지에 공감하나 이미 시행 중인 사업과 내용이 같습니다.",
            where_done="도 민원콜센터 통합 운영 사업(2018년~)에서 같은 내용을 시행하고 있습니다.",
        )
    elif index < 4:
        services.proposal_review(
            proposal=proposal,
            by=unit,
            verdict=ReviewVerdict.NOT_FEASIBLE,
            now=moment,
            reason="국가 사무에 해당하여 도 차원에서 추진할 수 없고, 관계 중앙부처에 건의할 사항입니다.",
        )
    else:
        services.proposal_review(
            proposal=proposal,
            by=unit,
            verdict=ReviewVerdict.MERGE,
            now=moment,
            merged_into=merge_target,
            note="선정 과제와 목표가 같아 함께 추진하는 것이 효과적입니다.",
        )


def _route(
    proposal: Proposal,
    index: int,
    *,
    unit: User,
    moment: datetime,
    liaisons: dict[int, User],
    departments: list[Department],
) -> None:
    """Routes to the owning department if it has a demo liaison (else one in turn); the sixth
    and seventh proposals go to a second department too."""
    owning = proposal.owning_department
    lead = owning if owning and owning.pk in liaisons else departments[index % len(departments)]
    targets = [lead]
    if index in (5, 6):
        targets.append(next(d for d in departments if d != lead))
    services.proposal_review(
        proposal=proposal,
        by=unit,
        verdict=ReviewVerdict.ROUTE,
        now=moment,
        departments=targets,
        lead_department=lead,
        note=TEMPLATES[0][2],
    )


def _not_selected(call: Call) -> list[Proposal]:
    return list(
        Proposal.objects.filter(call=call, status=ProposalStatus.NOT_SELECTED)
        .select_related("owning_department")
        .order_by("reference", "id")
    )


@transaction.atomic
def seed(*, now: datetime) -> None:
    call = Call.objects.filter(code=CALL_CODE).first()
    unit = User.objects.filter(username="iu01").first()
    if call is None or unit is None:
        return
    proposals = _not_selected(call)
    liaisons = _liaisons(proposals) if proposals else {}
    if not liaisons:
        return
    _templates(unit)
    departments = list(Department.objects.filter(pk__in=liaisons).order_by("code"))
    selected = Proposal.objects.filter(call=call, status=ProposalStatus.SELECTED).first()
    merge_target = selected or (proposals[5] if len(proposals) > 5 else None)
    reviewed = set(
        Review.objects.filter(proposal__in=proposals).values_list("proposal_id", flat=True)
    )
    routed = 0
    for index, proposal in enumerate(proposals):
        if proposal.pk in reviewed:
            continue
        moment = _at(index // 4, 9 + index % 4)
        if index < 5:
            _review_without_routing(
                proposal, index, unit=unit, moment=moment, merge_target=merge_target
            )
            continue
        _route(
            proposal, index, unit=unit, moment=moment, liaisons=liaisons, departments=departments
        )
        for routing in Routing.objects.filter(proposal=proposal).order_by("-is_lead", "id"):
            kind = ANSWER_PATTERN[routed % len(ANSWER_PATTERN)]
            routed += 1
            if kind != "overdue":
                _answer(
                    routing, kind, liaisons[routing.department_id], departments, index // 4, now
                )
