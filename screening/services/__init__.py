"""Writes for the screening. Every state change passes through one function here.

Each service checks the actor's right (``PermissionDenied``) and its rule (``ValidationError``
with a translated message), locks the rows it changes, records who did it in the history and
queues notifications through the outbox inside the same transaction.

Setting up (settings, rubric, level meanings, board, opening) is in ``setup``; assigned reviews
and conflicts of interest in ``assignments``; scoring and the decision are here; the messages
to the proposers after it are in ``feedback``; ``_common``
holds the checks they share.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.digest import sha256_text
from core.history import record_change_author
from ledger.enums import LedgerKind
from ledger.services import ledger_append
from notifications.services import notify
from proposals.enums import CallPhase, ProposalStatus
from proposals.models import Call, Proposal
from proposals.selectors import proposal_authors
from proposals.services import (
    call_set_phase,
    clean_text,
    proposal_selection_record,
    proposal_transition,
)

from .. import permissions, selectors
from ..models import Review, Score, Screening
from ..summaries import entry_scores_rebuild, entry_scores_refresh
from ._common import require_manager, scores_remove, screening_locked
from .assignments import conflict_decide, conflict_declare, rebalance, review_mode_set
from .feedback import feedback_configure, feedback_edit, feedback_release
from .setup import (
    LEVEL_MEANING_MAX_LENGTH,
    board_member_add,
    board_member_remove,
    criteria_publish,
    criterion_levels_update,
    outside_evaluator_create,
    rubric_update,
    screening_configure,
    screening_open,
)

__all__ = [
    "LEVEL_MEANING_MAX_LENGTH",
    "board_member_add",
    "board_member_remove",
    "conflict_decide",
    "conflict_declare",
    "criteria_publish",
    "criterion_levels_update",
    "feedback_configure",
    "feedback_edit",
    "feedback_release",
    "outside_evaluator_create",
    "rebalance",
    "review_abstain",
    "review_mode_set",
    "review_save",
    "rubric_update",
    "screening_configure",
    "screening_decide",
    "screening_open",
]

# Above this many not-selected entries the ledger records their count and digest only, so the
# decision's payload stays within the ledger's size limit.
LEDGER_MAX_LISTED_IDS = 300


# --- Scoring ----------------------------------------------------------------------------


def _scorable(by: User, proposal: Proposal) -> Screening:
    proposal = Proposal.objects.select_related("call").get(pk=proposal.pk)
    call = proposal.call
    if not permissions.is_board_member(by, call) or not permissions.may_review(by, proposal):
        raise PermissionDenied
    if call.phase != CallPhase.SCREENING:
        raise ValidationError(_("Scores can be given only while the screening is open."))
    if proposal.status != ProposalStatus.SUBMITTED:
        raise PermissionDenied
    return Screening.objects.get(call=call)


def _review_locked(screening: Screening, proposal: Proposal, by: User) -> Review:
    # Serialises against the decision: a score is never written after it.
    if Screening.objects.select_for_update().get(pk=screening.pk).is_decided:
        raise ValidationError(_("Scores can be given only while the screening is open."))
    review, _created = Review.objects.select_for_update().get_or_create(
        screening=screening, proposal=proposal, reviewer=by
    )
    return review


@transaction.atomic
def review_save(*, proposal: Proposal, by: User, scores: dict[int, int], comment: str = "") -> Review:
    """Files or changes ``by``'s scores on ``proposal`` (one per criterion, 1…scale) and
    withdraws an abstention. Possible until the decision. Refreshes the entry's summary row
    (``EntryScore``) in the same transaction."""
    screening = _scorable(by, proposal)
    criteria = list(screening.criteria.all())
    if set(scores) != {c.pk for c in criteria}:
        raise ValidationError(_("Give a score for every criterion."))
    for value in scores.values():
        if not 1 <= int(value) <= screening.scale_max:
            raise ValidationError(
                _("Scores range from 1 to %(max)s.") % {"max": screening.scale_max}
            )
    review = _review_locked(screening, proposal, by)
    review.abstained = False
    review.abstain_reason = ""
    review.comment = clean_text(comment).strip()
    record_change_author(review, by, reason="scored")
    review.save()
    existing = {s.criterion_id: s for s in review.scores.all()}
    for criterion in criteria:
        score = existing.get(criterion.pk) or Score(review=review, criterion=criterion)
        if score.pk is None or score.value != int(scores[criterion.pk]):
            score.value = int(scores[criterion.pk])
            record_change_author(score, by)
            score.save()
    entry_scores_refresh(proposal_ids=[proposal.pk])
    return review


@transaction.atomic
def review_abstain(*, proposal: Proposal, by: User, reason: str) -> Review:
    """``by`` abstains on ``proposal`` with a reason; any scores they gave are removed and the
    review leaves the aggregate (its summary row is refreshed in the same transaction)."""
    screening = _scorable(by, proposal)
    reason = clean_text(reason).strip()
    if not reason:
        raise ValidationError(_("Say why you abstain."))
    review = _review_locked(screening, proposal, by)
    scores_remove(review, by=by, reason="abstained")
    review.abstained = True
    review.abstain_reason = reason
    record_change_author(review, by, reason="abstained")
    review.save()
    entry_scores_refresh(proposal_ids=[proposal.pk])
    return review


# --- Decision ---------------------------------------------------------------------------


@transaction.atomic
def screening_decide(
    *, call: Call, by: User, selected: list[Proposal], rationale: str, deviation_reason: str = ""
) -> Screening:
    """Screening → decided, atomically and once: the ``selected`` entries become "selected",
    every other entry "not selected" (the routing app's practical-effect review queue), the
    call moves to decided and every proposer and accepted co-proposer is told the outcome.

    The screening row is locked first, so of two simultaneous decisions the second waits and
    then finds the screening decided. Appends ``screening.decided`` (the rationale and any
    deviation reason as SHA-256 digests) and one ``screening.selected`` per selected entry to
    the decision ledger in the same transaction.
    """
    require_manager(by)
    screening = screening_locked(call)
    if screening.is_decided or Call.objects.get(pk=call.pk).phase != CallPhase.SCREENING:
        raise ValidationError(_("This screening has already been decided or is not open."))
    rationale = clean_text(rationale).strip()
    deviation_reason = clean_text(deviation_reason).strip()
    if not rationale:
        raise ValidationError(_("Write the rationale for the selection."))
    # The decision reads the summary rows: rebuilt first, under the screening's lock, so no
    # edit that bypassed them (an admin revert, a restore) can tilt the ranking it records.
    entry_scores_rebuild(screening_ids=[screening.pk])
    results = selectors.ranking(screening=screening, with_reviews=False)  # the summary rows
    selected_ids = {p.pk for p in selected}
    follows_ranking = _check_selection(screening, results, selected_ids, deviation_reason=deviation_reason)
    outcomes = _apply_outcomes(
        call=call, by=by, entry_ids={r.proposal.pk for r in results}, selected_ids=selected_ids, rationale=rationale
    )
    call_set_phase(call=call, to=CallPhase.DECIDED, by=by, reason="screening decided")
    screening.decided_at = timezone.now()
    screening.decided_by = by
    screening.rationale = rationale
    screening.deviation_reason = deviation_reason
    record_change_author(screening, by, reason="decided")
    screening.save()
    _ledger_decided(screening, by=by, results=results, outcomes=outcomes, follows_ranking=follows_ranking)
    return screening


def _check_selection(
    screening: Screening, results: list[selectors.EntryResult], selected_ids: set[int], *, deviation_reason: str
) -> bool:
    """Refuses a selection outside the call's entries, over the selection count, or off the top
    of the ranking without a reason; returns whether it follows the ranking."""
    entry_ids = {r.proposal.pk for r in results}
    if not selected_ids or not selected_ids <= entry_ids:
        raise ValidationError(_("Select entries of this call."))
    if len(selected_ids) > screening.selection_count:
        raise ValidationError(
            _("At most %(count)s task(s) can be selected.") % {"count": screening.selection_count}
        )
    follows_ranking = _is_top_of_ranking(results, selected_ids)
    if not follows_ranking and not deviation_reason:
        raise ValidationError(
            _("The selection departs from the top of the ranking; say why.")
        )
    return follows_ranking


def _apply_outcomes(
    *, call: Call, by: User, entry_ids: set[int], selected_ids: set[int], rationale: str
) -> dict[Proposal, ProposalStatus]:
    """Moves each submitted entry to selected or not selected, in reference order, and tells its
    authors the outcome (through the outbox)."""
    proposals = (
        Proposal.objects.filter(pk__in=entry_ids)
        .select_related("proposer", "owning_department")
        .prefetch_related("coproposers__user")
        .order_by("reference")
    )
    outcomes: dict[Proposal, ProposalStatus] = {}
    for proposal in proposals:
        if proposal.status != ProposalStatus.SUBMITTED:
            continue
        outcome = ProposalStatus.SELECTED if proposal.pk in selected_ids else ProposalStatus.NOT_SELECTED
        outcomes[proposal] = outcome
        proposal_transition(proposal=proposal, to=outcome, by=by, reason=f"screening: {outcome}")
        notify(
            kind=f"screening_outcome_{outcome}",
            recipients=proposal_authors(proposal),
            about=proposal,
            context={"proposal": proposal, "call": call, "rationale": rationale},
            url=proposal.get_absolute_url(),
        )
    return outcomes


def _ledger_decided(
    screening: Screening,
    *,
    by: User,
    results: list[selectors.EntryResult],
    outcomes: dict[Proposal, ProposalStatus],
    follows_ranking: bool,
) -> None:
    """The decision, then each selection, in reference order."""
    chosen = sorted(p.pk for p, outcome in outcomes.items() if outcome == ProposalStatus.SELECTED)
    not_chosen = sorted(p.pk for p, outcome in outcomes.items() if outcome == ProposalStatus.NOT_SELECTED)
    listed = len(not_chosen) <= LEDGER_MAX_LISTED_IDS
    ledger_append(
        kind=LedgerKind.SCREENING_DECIDED,
        obj=screening,
        actor=by,
        data={
            "screening_id": screening.pk,
            "call_id": screening.call_id,
            "selected_ids": chosen,
            "not_selected_ids": not_chosen if listed else None,
            "not_selected_count": len(not_chosen),
            "not_selected_ids_sha256": sha256_text(",".join(map(str, not_chosen))),
            "follows_ranking": follows_ranking,
            "rationale_sha256": sha256_text(screening.rationale),
            "deviation_reason_sha256": sha256_text(screening.deviation_reason),
            "decided_at": screening.decided_at,
        },
    )
    ranks = {r.proposal.pk: r.rank for r in results}
    for proposal, outcome in outcomes.items():
        if outcome != ProposalStatus.SELECTED:
            continue
        proposal_selection_record(proposal=proposal, by=by, screening_id=screening.pk, rank=ranks.get(proposal.pk))


def _is_top_of_ranking(results: list[selectors.EntryResult], selected_ids: set[int]) -> bool:
    """True when no unselected entry scores higher than a selected one (ties count as top)."""
    scores = {r.proposal.pk: r.weighted_mean for r in results}
    lowest_selected = min((scores[pk] if scores[pk] is not None else float("-inf")) for pk in selected_ids)
    return all(
        (score if score is not None else float("-inf")) <= lowest_selected
        for pk, score in scores.items()
        if pk not in selected_ids
    )
