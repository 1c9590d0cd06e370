"""Demo data for the idea bank (아이디어 뱅크): some routed, not-selected proposals of the past
call whose authors agreed, with colleagues' supports, comments (one hidden by the unit) and
follows — all through the services. Run by ``seed_demo`` after ``routing.demo``, once the routings exist.
Idempotent: an idea that already has a consent is left as it is."""

from datetime import datetime, timedelta

from accounts.models import User
from proposals import services as proposal_services
from proposals.models import IdeaBankConsent, Proposal
from proposals.selectors import proposal_authors

from . import services

# How many of the routed proposals go to the bank, and what colleagues say about them.
BANKED = 6
COMMENTS = [
    "우리 부서 민원 업무에도 바로 도움이 될 것 같습니다.",
    "비슷한 불편을 자주 겪었습니다. 꼭 추진되면 좋겠습니다.",
    "시범 운영부터 해 보면 어떨까요?",
    "예산보다 업무 절차 정비가 먼저일 것 같습니다.",
]
HIDDEN_COMMENT = "담당자 휴대전화 010-0000-0000으로 연락 주세요."


def _colleagues() -> list[User]:
    return list(User.objects.filter(username__regex=r"^staff\d+$").order_by("username")[:12])


def seed(*, now: datetime) -> None:
    unit = User.objects.filter(username="iu01").first()
    if unit is None or IdeaBankConsent.objects.filter(proposal__call__code="2019-G").exists():
        return
    routed = (
        Proposal.objects.filter(routings__is_lead=True, call__code="2019-G")
        .prefetch_related("coproposers__user")
        .select_related("proposer")
        .order_by("reference")
    )
    colleagues = _colleagues()
    for index, proposal in enumerate(list(routed)[:BANKED]):
        for author in proposal_authors(proposal):
            proposal_services.idea_bank_consent_set(proposal=proposal, by=author, agreed=True)
        _react(proposal, index, colleagues, unit, now)


def _react(proposal: Proposal, index: int, colleagues: list[User], unit: User, now) -> None:
    """Supports from a different number of colleagues per idea, a comment or two, a follow."""
    authors = {a.pk for a in proposal_authors(proposal)}
    others = [c for c in colleagues if c.pk not in authors]
    for person in others[: (index * 3 + 2) % len(others) or 1]:
        services.idea_support(proposal=proposal, by=person, now=now - timedelta(days=index))
    for n in range(index % 3):
        services.idea_comment_add(
            proposal=proposal,
            by=others[n],
            text=COMMENTS[(index + n) % len(COMMENTS)],
            now=now - timedelta(days=index, hours=n),
        )
    if others:
        services.idea_follow(proposal=proposal, by=others[0])
    if index == 1:
        comment = services.idea_comment_add(proposal=proposal, by=others[-1], text=HIDDEN_COMMENT)
        services.idea_comment_hide(
            comment=comment, by=unit, reason="개인 연락처가 담겨 있어 숨김 처리했습니다."
        )
