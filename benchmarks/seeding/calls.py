"""Calls (oldest decided, then in screening, closed, and the newest open), their notices, and
500 proposals each with Korean text drawn from the word list; co-proposers; one history row
per proposal (its creation), as the change-history panel reads them."""

from datetime import timedelta

from proposals.enums import CoProposerStatus, NoticeKind, ProposalStatus
from proposals.models import Call, CallNotice, CoProposer, Proposal

from .plan import PER_CALL, State
from .words import Text

STORED_PHASE = {"decided": "decided", "screening": "screening", "closed": "", "open": ""}


def seed_calls(state: State, table, text: Text) -> None:
    calls, notices = table(Call), table(CallNotice)
    n, spacing = state.plan.calls, 30 / state.plan.factor
    for i in range(n):
        kind = state.plan.call_kind(i)
        opens = state.days_ago(30 + spacing * (n - i))
        closes = opens + timedelta(days=21)
        if kind == "open":
            opens, closes = state.days_ago(10), state.now + timedelta(days=10)
        elif kind == "closed":
            opens, closes = state.days_ago(35), state.days_ago(14)
        pk = calls.add(title=f"{text.title()} 공모 {i + 1}", code=f"B{i:03d}", description=text.paragraph(),
                       guidance=text.paragraph((10, 20)), opens_at=opens, closes_at=closes,
                       stored_phase=STORED_PHASE[kind], created_by_id=state.unit[0],
                       next_reference_number=PER_CALL + 1, created_at=opens - timedelta(days=7), updated_at=opens)
        state.calls.append({"id": pk, "kind": kind, "opens_at": opens, "closes_at": closes, "index": i})
        for k in range(2):
            notices.add(call_id=pk, kind=NoticeKind.ANSWER if k else NoticeKind.NOTICE,
                        question=text.sentence_or_empty(k), body=text.paragraph((10, 25)),
                        created_by_id=state.unit[0], created_at=opens + timedelta(days=k + 1))


def seed_proposals(state: State, table, text: Text) -> None:
    rows, history, coproposers = table(Proposal), table(Proposal.history.model), table(CoProposer)
    rng, staff = state.rng, state.staff
    for call in state.calls:
        state.proposals[call["id"]] = made = []
        first = rng.randrange(len(staff))
        for n in range(PER_CALL):
            status = _status(call["kind"], n)
            draft = status == ProposalStatus.DRAFT
            # The open call's drafts have distinct proposers (the deadline rush submits them).
            proposer = staff[(first + n) % len(staff)] if draft else rng.choice(staff)
            created = call["opens_at"] + timedelta(hours=rng.uniform(1, 480))
            submitted = None if draft else min(created + timedelta(hours=rng.uniform(1, 48)), call["closes_at"])
            values = {
                "call_id": call["id"], "proposer_id": proposer, "title": text.title(),
                "problem": text.paragraph(), "idea": text.paragraph(), "effect": text.paragraph((15, 35)),
                "owning_department_id": rng.choice(state.departments), "keywords": text.keywords(),
                "proposer_volunteers": rng.random() < 0.3, "status": status,
                "reference": "" if draft else f"B{call['index']:03d}-{n + 1:03d}", "submitted_at": submitted,
                "created_at": created, "updated_at": submitted or created,
            }
            pk = rows.add(**values)
            del values["updated_at"]
            history.add(id=pk, history_date=created, history_type="+", history_user_id=proposer,
                        history_change_reason=None, **values)
            co = _coproposer(state, coproposers, pk, proposer, draft, created)
            made.append({"id": pk, "proposer": proposer, "status": status, "co": co,
                         "department": values["owning_department_id"], "submitted_at": submitted})
            if not draft:
                state.events.append({"at": submitted, "kind": "proposal.submitted", "type": "proposals.proposal",
                                     "id": pk, "actor": proposer, "data": {
                                         "proposal_id": pk, "call_id": call["id"], "reference": values["reference"],
                                         "proposer_id": proposer, "coproposer_ids": [co] if co else [],
                                         "owning_department_id": values["owning_department_id"]}})


def _status(kind: str, n: int) -> str:
    if kind == "open":
        return ProposalStatus.DRAFT
    if kind == "decided":
        return ProposalStatus.SELECTED if n == 0 else ProposalStatus.NOT_SELECTED
    return ProposalStatus.SUBMITTED


def _coproposer(state: State, table, proposal: int, proposer: int, draft: bool, created) -> int | None:
    """An accepted colleague on a fifth of the submitted proposals (none on the drafts, which
    the deadline rush submits)."""
    if draft or state.rng.random() >= 0.2:
        return None
    user = state.rng.choice(state.staff)
    if user == proposer:
        return None
    table.add(proposal_id=proposal, user_id=user, status=CoProposerStatus.ACCEPTED, volunteers=state.rng.random() < 0.5,
              invited_at=created, responded_at=created + timedelta(hours=2))
    return user
