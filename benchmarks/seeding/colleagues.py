"""What colleagues add (issue 20): the authors' idea-bank consents on the decided calls'
not-selected proposals (three in five agree, so most routed ones are in the bank), supports,
follows and comments on those ideas (a few hidden by the unit), and correction requests to the
innovation unit (one per 200 staff, most handled). History rows are not written: no measured
page reads them."""

from datetime import timedelta

from privacy.enums import CorrectionStatus
from privacy.models import CorrectionRequest
from proposals.enums import ProposalStatus
from proposals.models import IdeaBankConsent
from routing.models import IdeaComment, IdeaFollow, IdeaSupport

from .plan import State
from .words import Text

AGREE = 0.6


def seed_idea_bank(state: State, table, text: Text) -> None:
    consents, rng = table(IdeaBankConsent), state.rng
    for call in state.calls:
        if call["kind"] != "decided":
            continue
        for entry in state.proposals[call["id"]]:
            if entry["status"] != ProposalStatus.NOT_SELECTED:
                continue
            authors = [entry["proposer"], *([entry["co"]] if entry["co"] else [])]
            agreed = [rng.random() < AGREE for _ in authors]
            for author, agrees in zip(authors, agreed, strict=True):
                consents.add(
                    proposal_id=entry["id"],
                    user_id=author,
                    agreed=agrees,
                    changed_at=entry["submitted_at"],
                )
            if all(agreed):
                _colleagues(state, table, text, entry, call["closes_at"] + timedelta(days=60))


def _colleagues(state: State, table, text: Text, entry: dict, since) -> None:
    """Supports (0–12), follows (0–4) and comments (0–4, one in twenty hidden) on one idea."""
    rng = state.rng
    for model, most in ((IdeaSupport, 12), (IdeaFollow, 4)):
        rows = table(model)
        for user in rng.sample(state.staff, rng.randint(0, most)):
            rows.add(
                proposal_id=entry["id"],
                user_id=user,
                created_at=since + timedelta(hours=rng.uniform(0, 900)),
            )
    comments = table(IdeaComment)
    for _ in range(rng.randint(0, 4)):
        at = since + timedelta(hours=rng.uniform(0, 900))
        hidden = rng.random() < 0.05
        comments.add(
            proposal_id=entry["id"],
            author_id=rng.choice(state.staff),
            text=text.paragraph((3, 12)),
            created_at=at,
            hidden_at=at + timedelta(hours=5) if hidden else None,
            hidden_by_id=state.unit[0] if hidden else None,
            hidden_reason=text.paragraph((3, 6)) if hidden else "",
        )


def seed_corrections(state: State, table, text: Text) -> None:
    requests, rng = table(CorrectionRequest), state.rng
    for requester in rng.sample(state.staff, max(1, len(state.staff) // 200)):
        at = state.days_ago(rng.uniform(0, 300))
        status = rng.choices(list(CorrectionStatus), [20, 60, 20])[0]
        handled = status != CorrectionStatus.PENDING
        requests.add(
            requester_id=requester,
            section="profile",
            what_is_wrong=text.paragraph((5, 12)),
            should_be=text.paragraph((3, 8)),
            status=status,
            submitted_at=at,
            handled_by_id=state.unit[0] if handled else None,
            handled_at=at + timedelta(days=3) if handled else None,
            outcome=text.paragraph((4, 10)) if handled else "",
        )
