"""Screenings of the calls in screening: a three-line rubric, a board of five (a guardian grant
``proposals.screen_call`` on the call each), and each member's reviews with a score per
criterion; members are at different points (some entries still to do), a few abstained."""

from datetime import timedelta

from django.contrib.auth.models import Permission

from proposals.models import CallUserObjectPermission
from screening.models import Criterion, Review, Score, Screening

from .plan import BOARD_SIZE, State
from .words import Text

RUBRIC = (("혁신성", 40), ("실현 가능성", 30), ("파급 효과", 30))


def seed_screenings(state: State, table, text: Text) -> None:
    permission = Permission.objects.get(content_type__app_label="proposals", codename="screen_call")
    screenings, criteria, grants = table(Screening), table(Criterion), table(CallUserObjectPermission)
    for call in state.calls:
        if call["kind"] != "screening":
            continue
        opened = call["closes_at"] + timedelta(days=2)
        screening = screenings.add(call_id=call["id"], deadline=opened + timedelta(days=30), created_by_id=state.unit[0],
                                   opened_at=opened, created_at=opened)
        crits = [criteria.add(screening_id=screening, name=name, weight=weight, position=i,
                              description=text.sentence_or_empty(True)[:300])
                 for i, (name, weight) in enumerate(RUBRIC)]
        board = state.rng.sample(state.staff, BOARD_SIZE)
        state.boards[call["id"]] = board
        for member in board:
            grants.add(user_id=member, permission_id=permission.pk, content_object_id=call["id"])
        _reviews(state, table, text, call, screening, crits, board)
        state.events.append({"at": opened, "kind": "screening.opened", "type": "screening.screening", "id": screening,
                             "actor": state.unit[0], "data": {"screening_id": screening, "call_id": call["id"],
                                                              "board_member_ids": sorted(board), "criterion_ids": crits}})


def _reviews(state: State, table, text: Text, call: dict, screening: int, crits: list[int], board: list[int]) -> None:
    reviews, scores, rng = table(Review), table(Score), state.rng
    entries = state.proposals[call["id"]]
    for member in board:
        done = len(entries) - rng.choice((0, 0, 20, 80, 150))
        for entry in entries[:done]:
            abstained = entry["proposer"] == member or rng.random() < 0.01
            at = call["closes_at"] + timedelta(days=3, hours=rng.uniform(0, 400))
            review = reviews.add(screening_id=screening, proposal_id=entry["id"], reviewer_id=member,
                                 abstained=abstained, abstain_reason="이해관계가 있습니다." if abstained else "",
                                 comment="" if abstained else text.paragraph((5, 15)), created_at=at, updated_at=at)
            if not abstained:
                for crit in crits:
                    scores.add(review_id=review, criterion_id=crit, value=rng.randint(1, 5))
