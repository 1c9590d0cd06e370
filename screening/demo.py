"""Demo data for the screening (called by ``seed_demo`` after the foundation data exists).

Expects: the past call with code "2019-G" and its 25 submitted proposals (one titled
"블록체인을 활용한 행정혁신"), the innovation-unit user "iu01" and the staff "board01".."board05".
Builds: the call's screening with the default rubric (what each level means written for each
criterion) and a 5-member board, every entry
scored by every member without a conflict, the blockchain proposal ranked first and selected
with a rationale, the others not selected, the call decided.

And, when the special call "2026-D" exists (closed, with submitted proposals): its screening in
progress, so a board member's home and the scoring page have something to show. The same board,
deadline in 8 days, blind, the criteria published on the call's page; the board part-way through
(``IN_PROGRESS_SCORED``: board01 has scored 3 of the 8 entries, board04 none). Idempotent.
"""

import random
from datetime import datetime, timedelta

from accounts.models import User
from proposals.enums import CallPhase
from proposals.models import Call

from . import permissions, selectors, services
from .models import Review, Screening

CALL_CODE = "2019-G"
SELECTED_TITLE = "블록체인을 활용한 행정혁신"
BOARD = ("board01", "board02", "board03", "board04", "board05")
IN_PROGRESS_CALL = "2026-D"
# How many entries (in reference order) each member has scored in the screening in progress.
IN_PROGRESS_SCORED = {"board01": 3, "board02": 5, "board03": 8, "board04": 0, "board05": 2}
RATIONALE = (
    "블록체인 기반 공공서비스는 아직 개척되지 않은 분야로 잠재력이 크며, 도민 편의와 "
    "혁신 성장을 함께 높일 수 있는 도전적인 과제로 평가되었습니다."
)
# What each level 1…5 means, for the default rubric's criteria in order.
LEVEL_MEANINGS = (
    ("기존 방식과 같음", "일부 개선", "다른 기관 사례 도입", "도정에 새로운 방식", "전례 없는 발상"),
    ("기간 안에 어려움", "큰 지원이 있어야 가능", "조정하면 가능", "무리 없이 가능", "바로 시작할 수 있음"),
    ("체감하기 어려움", "일부가 간접 체감", "일부가 직접 체감", "많은 도민이 체감", "모든 도민이 바로 체감"),
    ("도전 요소 없음", "작은 도전", "보통 수준의 도전", "확산 가능성이 큼", "도 전체로 확산될 잠재력"),
)


def seed(*, now: datetime) -> Screening | None:
    seed_in_progress(now=now)
    call = Call.objects.filter(code=CALL_CODE).first()
    if call is None:
        return None
    innovation_unit = User.objects.get(username="iu01")
    screening = Screening.objects.filter(call=call).first()
    if screening is None:
        screening = services.screening_configure(
            call=call,
            by=innovation_unit,
            deadline=call.closes_at + timedelta(days=14),
            selection_count=1,
            is_blind=True,
        )
        for criterion, meanings in zip(screening.criteria.all(), LEVEL_MEANINGS, strict=False):
            services.criterion_levels_update(criterion=criterion, by=innovation_unit, meanings=list(meanings))
    if screening.is_decided:
        return screening
    members = list(User.objects.filter(username__in=BOARD).order_by("username"))
    for member in members:
        services.board_member_add(call=call, user=member, by=innovation_unit)
    if call.phase == CallPhase.CLOSED:
        services.screening_open(call=call, by=innovation_unit)
        call.refresh_from_db()
    criteria = list(screening.criteria.all())
    for member in members:
        done = set(Review.objects.filter(reviewer=member, screening=screening).values_list("proposal_id", flat=True))
        for proposal in permissions.entries_for_board_member(member, call).order_by("reference"):
            if proposal.pk in done:
                continue
            rng = random.Random(f"{proposal.reference}:{member.username}")  # noqa: S311
            best = proposal.title == SELECTED_TITLE
            scores = {c.pk: (rng.choice((4, 5, 5)) if best else rng.randint(1, 4)) for c in criteria}
            services.review_save(
                proposal=proposal, by=member, scores=scores, comment="" if not best else "매우 도전적인 과제"
            )
    results = selectors.ranking(screening=screening)
    winner = next(r.proposal for r in results if r.proposal.title == SELECTED_TITLE)
    screening = services.screening_decide(
        call=call, by=innovation_unit, selected=[winner], rationale=RATIONALE
    )
    # The 2019 screening happened in June 2019: date its record accordingly.
    Screening.objects.filter(pk=screening.pk).update(
        opened_at=call.closes_at + timedelta(days=1), decided_at=call.closes_at + timedelta(days=15)
    )
    screening.refresh_from_db()
    return screening


def seed_in_progress(*, now: datetime) -> Screening | None:
    """The special call's screening, open with the board part-way through its scoring."""
    call = Call.objects.filter(code=IN_PROGRESS_CALL).first()
    if call is None:
        return None
    innovation_unit = User.objects.get(username="iu01")
    screening = Screening.objects.filter(call=call).first()
    if screening is None:
        screening = services.screening_configure(
            call=call, by=innovation_unit, deadline=now + timedelta(days=8), selection_count=2, is_blind=True
        )
        for criterion, meanings in zip(screening.criteria.all(), LEVEL_MEANINGS, strict=False):
            services.criterion_levels_update(criterion=criterion, by=innovation_unit, meanings=list(meanings))
        services.criteria_publish(screening=screening, by=innovation_unit)
    members = list(User.objects.filter(username__in=BOARD).order_by("username"))
    if call.phase == CallPhase.CLOSED:
        for member in members:
            services.board_member_add(call=call, user=member, by=innovation_unit)
        screening = services.screening_open(call=call, by=innovation_unit)
        call.refresh_from_db()
    if call.phase != CallPhase.SCREENING:
        return screening
    criteria = list(screening.criteria.all())
    for member in members:
        done = set(Review.objects.filter(reviewer=member, screening=screening).values_list("proposal_id", flat=True))
        entries = permissions.entries_for_board_member(member, call).order_by("reference")
        for proposal in entries[: IN_PROGRESS_SCORED.get(member.username, 0)]:
            if proposal.pk in done:
                continue
            rng = random.Random(f"{proposal.reference}:{member.username}")  # noqa: S311
            services.review_save(proposal=proposal, by=member, scores={c.pk: rng.randint(2, 5) for c in criteria})
    return screening
