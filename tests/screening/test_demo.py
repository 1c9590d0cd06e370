from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from proposals.enums import CallPhase, ProposalStatus
from screening import demo, selectors
from screening.models import Review
from tests.factories import CallFactory, UserFactory, innovation_unit_user
from tests.factories.screening import EntryFactory

SEOUL = ZoneInfo("Asia/Seoul")


def test_demo_builds_the_2019_screening(db):
    innovation_unit = innovation_unit_user(username="iu01", full_name="박혁신")
    board = [UserFactory(username=f"board0{i}") for i in range(1, 6)]
    call = CallFactory(
        code="2019-G",
        opens_at=datetime(2019, 5, 13, 9, tzinfo=SEOUL),
        closes_at=datetime(2019, 6, 4, 18, tzinfo=SEOUL),
        created_by=innovation_unit,
    )
    proposals = [EntryFactory(call=call) for _ in range(24)]
    proposals.append(EntryFactory(call=call, title=demo.SELECTED_TITLE, proposer=board[0]))

    screening = demo.seed(now=timezone.now())
    assert demo.seed(now=timezone.now()).pk == screening.pk  # idempotent

    call.refresh_from_db()
    assert call.phase == CallPhase.DECIDED
    # The unit wrote what each level of each criterion means.
    assert [c.levels for c in screening.criteria.all()] == [list(m) for m in demo.LEVEL_MEANINGS]
    assert list(selectors.board_members(call)) == sorted(board, key=lambda u: (u.full_name, u.username))
    # Every entry scored; board01 never scores their own proposal.
    assert Review.objects.count() == 25 * 5 - 1
    results = selectors.ranking(screening=screening)
    assert all(r.review_count >= 4 for r in results)
    assert results[0].proposal.title == demo.SELECTED_TITLE and results[0].rank == 1
    statuses = {p.title: p.status for p in call.proposals.all()}
    assert statuses.pop(demo.SELECTED_TITLE) == ProposalStatus.SELECTED
    assert set(statuses.values()) == {ProposalStatus.NOT_SELECTED}
    assert screening.rationale and screening.decided_at.year == 2019
