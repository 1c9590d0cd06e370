"""The practical-effect review: the innovation unit's verdict on a not-selected proposal, one at
a time or for many at once; routing it puts it in each target department's inbox."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department, User
from accounts.permissions import is_innovation_unit
from core.digest import sha256_text
from core.history import record_change_author
from ledger.enums import LedgerKind
from ledger.services import ledger_append
from notifications.services import notify
from proposals.enums import ProposalStatus
from proposals.models import Proposal
from proposals.services import clean_text

from ..enums import ReviewVerdict, RoutingEventKind
from ..models import Review, Routing
from .common import authors, due_on, notify_assigned, record_event


def validate_review(
    review: Review, *, departments: Sequence[Department], lead_department: Department | None
) -> None:
    """The verdict rules: routing names open departments and leads with one of them; "already
    done" says where, "not feasible" says why, a merge names another proposal."""
    if review.verdict == ReviewVerdict.ROUTE:
        if not departments:
            raise ValidationError(_("Choose at least one department to route the proposal to."))
        if (lead_department or departments[0]) not in departments:
            raise ValidationError(
                _("The leading department must be one of the chosen departments.")
            )
        if any(not d.is_active for d in departments):
            raise ValidationError(_("A proposal cannot be routed to a closed department."))
    elif review.verdict == ReviewVerdict.ALREADY_DONE and not review.where_done:
        raise ValidationError(_("Say where it is already being done."))
    elif review.verdict == ReviewVerdict.NOT_FEASIBLE and not review.reason:
        raise ValidationError(_("Give the reason it is not feasible."))
    elif review.verdict == ReviewVerdict.MERGE and (
        review.merged_into is None or review.merged_into.pk == review.proposal.pk
    ):
        raise ValidationError(_("Choose the proposal it is merged into."))


def _reviewable_locked(proposal: Proposal) -> Proposal:
    """The proposal, locked, once it is known to be not selected and not yet reviewed."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("call", "proposer")
        .get(pk=proposal.pk)
    )
    if proposal.status != ProposalStatus.NOT_SELECTED:
        raise ValidationError(
            _("Only proposals that were not selected are reviewed for practical effect.")
        )
    if Review.objects.filter(proposal=proposal).exists():
        raise ValidationError(_("This proposal has already been reviewed."))
    return proposal


def _new_review(
    proposal: Proposal,
    *,
    by: User,
    verdict: ReviewVerdict,
    now: datetime,
    note: str,
    where_done: str,
    reason: str,
    merged_into: Proposal | None,
) -> Review:
    """The unsaved review, carrying only the detail its verdict asks for."""
    review = Review(
        proposal=proposal,
        verdict=verdict,
        note=clean_text(note).strip(),
        reviewed_by=by,
        reviewed_at=now,
    )
    if verdict == ReviewVerdict.ALREADY_DONE:
        review.where_done = clean_text(where_done).strip()
    elif verdict == ReviewVerdict.NOT_FEASIBLE:
        review.reason = clean_text(reason).strip()
    elif verdict == ReviewVerdict.MERGE:
        review.merged_into = merged_into
    return review


def _route(
    proposal: Proposal,
    departments: Sequence[Department],
    *,
    lead: Department,
    by: User,
    now: datetime,
) -> list[Routing]:
    """One routing, with its "routed" history entry, per department; all due on the same day."""
    due = due_on(proposal.call, now)
    routings = []
    for department in departments:
        routing = Routing(
            proposal=proposal,
            department=department,
            is_lead=department == lead,
            routed_at=now,
            due_on=due,
        )
        record_change_author(routing, by, reason="routed")
        routing.save()
        record_event(routing, kind=RoutingEventKind.ROUTED, by=by, now=now, due_on=due)
        routings.append(routing)
    return routings


def _notify_reviewed(proposal: Proposal, review: Review, routings: list[Routing]) -> None:
    notify(
        kind="routing_reviewed",
        recipients=authors(proposal),
        about=review,
        context={"proposal": proposal, "review": review, "routings": routings},
        url=proposal.get_absolute_url(),
    )
    for routing in routings:
        notify_assigned(routing)


def _ledger_verdict(
    proposal: Proposal, review: Review, routings: list[Routing], *, by: User
) -> None:
    """``routing.verdict``, its texts as SHA-256 digests."""
    ledger_append(
        kind=LedgerKind.ROUTING_VERDICT,
        obj=proposal,
        actor=by,
        data={
            "proposal_id": proposal.pk,
            "call_id": proposal.call_id,
            "review_id": review.pk,
            "verdict": review.verdict,
            "department_ids": [r.department_id for r in routings],
            "lead_department_id": next((r.department_id for r in routings if r.is_lead), None),
            "routing_ids": [r.pk for r in routings],
            "merged_into_id": review.merged_into_id,
            "due_on": routings[0].due_on if routings else None,
            "note_sha256": sha256_text(review.note),
            "where_done_sha256": sha256_text(review.where_done),
            "reason_sha256": sha256_text(review.reason),
        },
    )


@transaction.atomic
def proposal_review(
    *,
    proposal: Proposal,
    by: User,
    verdict: ReviewVerdict,
    note: str = "",
    departments: Sequence[Department] = (),
    lead_department: Department | None = None,
    where_done: str = "",
    reason: str = "",
    merged_into: Proposal | None = None,
    now: datetime | None = None,
) -> Review:
    """Records the verdict on a not-selected proposal; routing it puts it in each target
    department's inbox with the call's answer due date.

    Side effects: one ``Routing`` and ``RoutingEvent`` per department; notifies the proposer
    and accepted co-proposers of the verdict and the departments' liaisons of the new item;
    appends ``routing.verdict`` to the decision ledger (texts as SHA-256 digests).
    """
    if not is_innovation_unit(by):
        raise PermissionDenied
    now = now or timezone.now()
    proposal = _reviewable_locked(proposal)
    verdict = ReviewVerdict(verdict)
    review = _new_review(
        proposal,
        by=by,
        verdict=verdict,
        now=now,
        note=note,
        where_done=where_done,
        reason=reason,
        merged_into=merged_into,
    )
    departments = list(dict.fromkeys(departments))
    validate_review(review, departments=departments, lead_department=lead_department)
    review.full_clean()
    record_change_author(review, by, reason=f"verdict → {verdict}")
    review.save()
    routings = []
    if verdict == ReviewVerdict.ROUTE:
        lead = lead_department or departments[0]
        routings = _route(proposal, departments, lead=lead, by=by, now=now)
    _notify_reviewed(proposal, review, routings)
    _ledger_verdict(proposal, review, routings, by=by)
    return review


@dataclass(frozen=True)
class BulkItem:
    proposal: Proposal
    department: Department | None


@transaction.atomic
def proposals_bulk_review(
    *,
    items: Sequence[BulkItem],
    by: User,
    verdict: ReviewVerdict,
    note: str = "",
    where_done: str = "",
    reason: str = "",
    now: datetime | None = None,
) -> list[Review]:
    """Reviews many proposals with one verdict and text, each routed to its own (leading)
    department. All or nothing: one refused proposal refuses the whole batch."""
    if not is_innovation_unit(by):
        raise PermissionDenied
    if not items:
        raise ValidationError(_("Select at least one proposal."))
    if ReviewVerdict(verdict) == ReviewVerdict.MERGE:
        raise ValidationError(_("Merging is decided one proposal at a time."))
    reviews = []
    for item in items:
        try:
            reviews.append(
                proposal_review(
                    proposal=item.proposal,
                    by=by,
                    verdict=verdict,
                    note=note,
                    departments=[item.department] if item.department else [],
                    where_done=where_done,
                    reason=reason,
                    now=now,
                )
            )
        except ValidationError as error:
            raise ValidationError(
                _("%(reference)s %(title)s: %(error)s")
                % {
                    "reference": item.proposal.reference,
                    "title": item.proposal.title,
                    "error": " ".join(error.messages),
                }
            ) from error
    return reviews
