"""A decided call for the tests of the messages to the proposers (결과 안내)."""

from screening import services
from tests.factories import CoProposerFactory, UserFactory
from tests.factories.screening import ClosedCallFactory, EntryFactory, score_all, setup_screening

BOARD_NAMES = ("심사위원가나다", "심사위원라마바", "심사위원사아자")
BOARD_COMMENT = "이건심사위원의사적인의견입니다"


def decided_call(innovation_unit, *, entries=4, board_size=3, scores=(5, 4, 1)):
    """A decided call: ``entries`` entries (the first with an accepted co-proposer), each scored
    by every board member (``scores[i]`` by member i on the first entry, lower on the others),
    the first selected."""
    call = ClosedCallFactory(title="2019 상반기 G-랩 과제 공모")
    proposals = [EntryFactory(call=call, title=f"제안 {n}") for n in range(entries)]
    CoProposerFactory(proposal=proposals[0], user=UserFactory(full_name="공동제안자"))
    board = [UserFactory(full_name=BOARD_NAMES[i % 3] + str(i)) for i in range(board_size)]
    screening = setup_screening(call=call, by=innovation_unit, members=board)
    for i, member in enumerate(board):
        for n, proposal in enumerate(proposals):
            value = scores[i % len(scores)] if n == 0 else 1 + (n + i) % 3
            score_all(
                screening=screening,
                proposal=proposal,
                by=member,
                value=value,
                comment=BOARD_COMMENT,
            )
    services.screening_decide(
        call=call, by=innovation_unit, selected=[proposals[0]], rationale="도전성"
    )
    for proposal in proposals:
        proposal.refresh_from_db()
    call.refresh_from_db()
    return call, proposals, board
