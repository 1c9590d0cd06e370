"""Writes for the practical-effect review, routing and department answers.

One function per state change. Each checks the actor's right (``PermissionDenied``) and the
rule it enforces (``ValidationError`` with a translated message), locks the rows it changes,
saves, appends a ``RoutingEvent`` (the history proposers and departments see), leaves who/when
in django-simple-history and queues notifications through the outbox on commit.
"""

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import Department, User
from accounts.permissions import LIAISON_PERMISSION
from accounts.services import department_liaison_assign, department_liaison_remove
from core.history import record_change_author
from ledger.enums import LedgerKind
from ledger.services import ledger_append
from notifications.services import notify
from proposals.enums import CoProposerStatus, ProposalStatus
from proposals.models import Call, Proposal
from proposals.services import clean_text

from . import permissions
from .enums import (
    ANSWER_CHOICES,
    OPEN_STATUSES,
    ReviewVerdict,
    RoutingEventKind,
    RoutingStatus,
)
from .models import AnswerTemplate, CallRoutingSettings, Review, Routing, RoutingEvent
from .selectors import answer_due_days

LIAISON_CODENAME = LIAISON_PERMISSION.split(".")[1]



def _authors(proposal: Proposal) -> list[User]:
    """The proposer and the co-proposers who accepted being named."""
    coproposers = [
        link.user
        for link in proposal.coproposers.select_related("user")
        if link.status == CoProposerStatus.ACCEPTED
    ]
    return [proposal.proposer, *coproposers]


def department_liaisons(department_ids: Iterable[int]) -> list[User]:
    return list(
        User.objects.filter(
            departmentuserobjectpermission__content_object_id__in=list(department_ids),
            departmentuserobjectpermission__permission__codename=LIAISON_CODENAME,
            is_active=True,
        ).distinct()
    )


def _innovation_unit_members() -> list[User]:
    return list(User.objects.filter(groups__name=Role.INNOVATION_UNIT.value, is_active=True))


def _due_on(call: Call, now: datetime) -> date:
    return timezone.localdate(now) + timedelta(days=answer_due_days(call))


def _event(
    routing: Routing, *, kind: RoutingEventKind, by: User | None, now: datetime, **fields
) -> RoutingEvent:
    return RoutingEvent.objects.create(
        routing=routing,
        kind=kind,
        status=routing.status,
        department=routing.department,
        by=by,
        created_at=now,
        **fields,
    )


def _sha256(text: str) -> str | None:
    """The ledger commits to free text by its SHA-256 digest only (``None`` when empty)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None


def _ledger_answer(routing: Routing, event: RoutingEvent, *, by: User) -> None:
    """``routing.answer``: a department's answer or progress report (``event_kind``)."""
    ledger_append(
        kind=LedgerKind.ROUTING_ANSWER,
        obj=routing,
        actor=by,
        data={
            "routing_id": routing.pk,
            "proposal_id": routing.proposal_id,
            "department_id": routing.department_id,
            "event_id": event.pk,
            "event_kind": event.kind,
            "status": routing.status,
            "target_date": routing.target_date,
            "reroute_to_id": routing.reroute_to_id,
            "text_sha256": _sha256(event.text),
        },
    )


def _ledger_rerouted(
    routing: Routing, event: RoutingEvent, *, by: User, from_department_id: int, to_department_id: int
) -> None:
    """``routing.rerouted``: the innovation unit approved or rejected a re-route request, or
    moved the routing itself (``event_kind``)."""
    ledger_append(
        kind=LedgerKind.ROUTING_REROUTED,
        obj=routing,
        actor=by,
        data={
            "routing_id": routing.pk,
            "proposal_id": routing.proposal_id,
            "event_id": event.pk,
            "event_kind": event.kind,
            "from_department_id": from_department_id,
            "to_department_id": to_department_id,
            "department_id": routing.department_id,
            "status": routing.status,
            "due_on": routing.due_on,
            "note_sha256": _sha256(event.text),
        },
    )


def _routing_locked(routing: Routing) -> Routing:
    return (
        Routing.objects.select_for_update(of=("self",))
        .select_related("proposal__call", "proposal__proposer", "department")
        .get(pk=routing.pk)
    )


# --- Call settings ------------------------------------------------------------------------


@transaction.atomic
def call_routing_settings_update(
    *, call: Call, answer_due_days: int, by: User
) -> CallRoutingSettings:
    """Sets how many days departments get to answer what is routed from now on."""
    if not permissions.can_manage_routing(by):
        raise PermissionDenied
    settings_row, _created = CallRoutingSettings.objects.select_for_update().get_or_create(
        call=call
    )
    settings_row.answer_due_days = answer_due_days
    settings_row.full_clean()
    record_change_author(settings_row, by)
    settings_row.save()
    return settings_row


# --- Practical-effect review --------------------------------------------------------------


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
    if not permissions.can_review(by):
        raise PermissionDenied
    now = now or timezone.now()
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
    verdict = ReviewVerdict(verdict)
    review = Review(
        proposal=proposal,
        verdict=verdict,
        note=clean_text(note).strip(),
        reviewed_by=by,
        reviewed_at=now,
    )
    departments = list(dict.fromkeys(departments))
    if verdict == ReviewVerdict.ROUTE:
        if not departments:
            raise ValidationError(_("Choose at least one department to route the proposal to."))
        lead_department = lead_department or departments[0]
        if lead_department not in departments:
            raise ValidationError(
                _("The leading department must be one of the chosen departments.")
            )
        if any(not d.is_active for d in departments):
            raise ValidationError(_("A proposal cannot be routed to a closed department."))
    elif verdict == ReviewVerdict.ALREADY_DONE:
        review.where_done = clean_text(where_done).strip()
        if not review.where_done:
            raise ValidationError(_("Say where it is already being done."))
    elif verdict == ReviewVerdict.NOT_FEASIBLE:
        review.reason = clean_text(reason).strip()
        if not review.reason:
            raise ValidationError(_("Give the reason it is not feasible."))
    elif verdict == ReviewVerdict.MERGE:
        if merged_into is None or merged_into.pk == proposal.pk:
            raise ValidationError(_("Choose the proposal it is merged into."))
        review.merged_into = merged_into
    review.full_clean()
    record_change_author(review, by, reason=f"verdict → {verdict}")
    review.save()

    routings = []
    if verdict == ReviewVerdict.ROUTE:
        due_on = _due_on(proposal.call, now)
        for department in departments:
            routing = Routing(
                proposal=proposal,
                department=department,
                is_lead=department == lead_department,
                routed_at=now,
                due_on=due_on,
            )
            record_change_author(routing, by, reason="routed")
            routing.save()
            _event(routing, kind=RoutingEventKind.ROUTED, by=by, now=now, due_on=due_on)
            routings.append(routing)

    url = proposal.get_absolute_url()
    notify(
        kind="routing_reviewed",
        recipients=_authors(proposal),
        about=review,
        context={"proposal": proposal, "review": review, "routings": routings},
        url=url,
    )
    for routing in routings:
        _notify_assigned(routing)
    ledger_append(
        kind=LedgerKind.ROUTING_VERDICT,
        obj=proposal,
        actor=by,
        data={
            "proposal_id": proposal.pk,
            "call_id": proposal.call_id,
            "review_id": review.pk,
            "verdict": verdict,
            "department_ids": [r.department_id for r in routings],
            "lead_department_id": next((r.department_id for r in routings if r.is_lead), None),
            "routing_ids": [r.pk for r in routings],
            "merged_into_id": review.merged_into_id,
            "due_on": routings[0].due_on if routings else None,
            "note_sha256": _sha256(review.note),
            "where_done_sha256": _sha256(review.where_done),
            "reason_sha256": _sha256(review.reason),
        },
    )
    return review


def _notify_assigned(routing: Routing, occasion: str = "") -> None:
    notify(
        kind="routing_assigned",
        recipients=department_liaisons([routing.department_id]),
        about=routing,
        occasion=occasion,
        context={"routing": routing, "proposal": routing.proposal},
        url=routing.get_absolute_url(),
    )


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
    if not permissions.can_review(by):
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


# --- Department answers -------------------------------------------------------------------


@transaction.atomic
def routing_answer(
    *,
    routing: Routing,
    by: User,
    status: RoutingStatus,
    text: str = "",
    target_date: date | None = None,
    reroute_to: Department | None = None,
    now: datetime | None = None,
) -> Routing:
    """A liaison answers for the department: adopt (plan and target date), under study,
    decline (reason), already done, or ask to re-route to another department.

    Side effects: a ``RoutingEvent``; the proposer and accepted co-proposers are notified; a
    re-route request notifies the innovation unit; ``routing.answer`` in the decision ledger.
    """
    now = now or timezone.now()
    routing = _routing_locked(routing)
    if routing.department_id not in permissions.liaison_department_ids(by):
        raise PermissionDenied
    if not permissions.can_answer(by, routing):
        raise ValidationError(
            _("This proposal has already been answered; report progress instead.")
        )
    status = RoutingStatus(status)
    if status not in ANSWER_CHOICES:
        raise ValidationError(_("Choose an answer."))
    text = clean_text(text).strip()
    if status == RoutingStatus.ADOPTED:
        if not text or target_date is None:
            raise ValidationError(_("To adopt the proposal, give the plan and the target date."))
        if target_date < timezone.localdate(now):
            raise ValidationError(_("The target date cannot be in the past."))
        routing.plan = text
        routing.target_date = target_date
    elif status == RoutingStatus.DECLINED and not text:
        raise ValidationError(_("Give the reason for declining."))
    elif status == RoutingStatus.REROUTE_REQUESTED:
        if reroute_to is None or reroute_to.pk == routing.department_id:
            raise ValidationError(_("Choose the department it should go to instead."))
        if not reroute_to.is_active:
            raise ValidationError(_("A proposal cannot be routed to a closed department."))
        if not text:
            raise ValidationError(_("Say why the proposal belongs to the other department."))
        routing.reroute_to = reroute_to
    if status != RoutingStatus.REROUTE_REQUESTED:
        routing.reroute_to = None
        if routing.answered_at is None:
            routing.answered_at = now
    routing.status = status
    record_change_author(routing, by, reason=f"answer → {status}")
    routing.save()
    event = _event(
        routing,
        kind=RoutingEventKind.ANSWER,
        by=by,
        now=now,
        text=text,
        target_date=target_date if status == RoutingStatus.ADOPTED else None,
        other_department=reroute_to if status == RoutingStatus.REROUTE_REQUESTED else None,
    )
    _notify_authors_of_event(routing, event)
    if status == RoutingStatus.REROUTE_REQUESTED:
        notify(
            kind="routing_reroute_requested",
            recipients=_innovation_unit_members(),
            about=event,
            context={"routing": routing, "proposal": routing.proposal, "event": event},
            url=routing.get_absolute_url(),
        )
    _ledger_answer(routing, event, by=by)
    return routing


def _notify_authors_of_event(routing: Routing, event: RoutingEvent) -> None:
    notify(
        kind="routing_answered",
        recipients=_authors(routing.proposal),
        about=event,
        context={"routing": routing, "proposal": routing.proposal, "event": event},
        url=routing.proposal.get_absolute_url(),
    )


@transaction.atomic
def routing_progress_update(
    *, routing: Routing, by: User, text: str, implemented: bool = False, now: datetime | None = None
) -> Routing:
    """After adoption, the department reports progress; the last update may mark it
    implemented (완료). Notifies the proposer and accepted co-proposers; appends
    ``routing.answer`` (``event_kind`` "progress") to the decision ledger."""
    now = now or timezone.now()
    routing = _routing_locked(routing)
    if routing.department_id not in permissions.liaison_department_ids(by):
        raise PermissionDenied
    if not permissions.can_update_progress(by, routing):
        raise ValidationError(_("Progress is reported on adopted proposals only."))
    text = clean_text(text).strip()
    if not text:
        raise ValidationError(_("Describe the progress."))
    if implemented:
        routing.status = RoutingStatus.IMPLEMENTED
    record_change_author(routing, by, reason="implemented" if implemented else "progress")
    routing.save()
    event = _event(routing, kind=RoutingEventKind.PROGRESS, by=by, now=now, text=text)
    _notify_authors_of_event(routing, event)
    _ledger_answer(routing, event, by=by)
    return routing


# --- Re-routing (innovation unit) ---------------------------------------------------------


def _move(
    routing: Routing,
    *,
    to_department: Department,
    by: User,
    now: datetime,
    kind: RoutingEventKind,
    text: str,
) -> None:
    if not to_department.is_active:
        raise ValidationError(_("A proposal cannot be routed to a closed department."))
    if to_department.pk == routing.department_id:
        raise ValidationError(_("The proposal is already routed to that department."))
    if Routing.objects.filter(proposal_id=routing.proposal_id, department=to_department).exists():
        raise ValidationError(_("The proposal is already routed to that department."))
    previous = routing.department
    routing.department = to_department
    routing.status = RoutingStatus.AWAITING
    routing.reroute_to = None
    routing.department_closed = False
    routing.answered_at = None
    routing.plan = ""
    routing.target_date = None
    routing.routed_at = now
    routing.due_on = _due_on(routing.proposal.call, now)
    record_change_author(routing, by, reason=f"{kind}: {previous.code} → {to_department.code}")
    routing.save()
    event = _event(
        routing,
        kind=kind,
        by=by,
        now=now,
        text=text,
        other_department=previous,
        due_on=routing.due_on,
    )
    _notify_authors_of_event(routing, event)
    _notify_assigned(routing, occasion=f"event-{event.pk}")
    _ledger_rerouted(
        routing, event, by=by, from_department_id=previous.pk, to_department_id=to_department.pk
    )


@transaction.atomic
def routing_reroute_decide(
    *, routing: Routing, by: User, approve: bool, note: str = "", now: datetime | None = None
) -> Routing:
    """The innovation unit approves a department's re-route request (the routing moves to the
    requested department with a new due date) or rejects it (the department must answer,
    by the due date it already had). Notifies proposers and, on approval, the new liaisons.
    Either way appends ``routing.rerouted`` to the decision ledger."""
    now = now or timezone.now()
    routing = _routing_locked(routing)
    if not permissions.can_manage_routing(by):
        raise PermissionDenied
    if routing.status != RoutingStatus.REROUTE_REQUESTED or routing.reroute_to_id is None:
        raise ValidationError(_("There is no re-route request to decide."))
    note = clean_text(note).strip()
    if approve:
        _move(
            routing,
            to_department=routing.reroute_to,
            by=by,
            now=now,
            kind=RoutingEventKind.REROUTE_APPROVED,
            text=note,
        )
        return routing
    if not note:
        raise ValidationError(_("Give the reason for rejecting the re-route request."))
    rejected_to = routing.reroute_to
    routing.status = RoutingStatus.AWAITING
    routing.reroute_to = None
    record_change_author(routing, by, reason="re-route rejected")
    routing.save()
    event = _event(
        routing,
        kind=RoutingEventKind.REROUTE_REJECTED,
        by=by,
        now=now,
        text=note,
        other_department=rejected_to,
    )
    _notify_assigned(routing, occasion=f"event-{event.pk}")
    # The request's target is recorded; ``department_id`` shows the routing stayed put.
    _ledger_rerouted(
        routing, event, by=by, from_department_id=routing.department_id, to_department_id=rejected_to.pk
    )
    return routing


@transaction.atomic
def routing_move(
    *,
    routing: Routing,
    to_department: Department,
    by: User,
    note: str = "",
    now: datetime | None = None,
) -> Routing:
    """The innovation unit moves a routing to another department itself (for example after
    the department was closed). Same effects as an approved re-route request (the ledger
    entry's ``event_kind`` is "moved")."""
    now = now or timezone.now()
    routing = _routing_locked(routing)
    if not permissions.can_move(by, routing):
        raise PermissionDenied
    if routing.status not in OPEN_STATUSES:
        raise ValidationError(_("The department has already answered; the routing cannot move."))
    _move(
        routing,
        to_department=to_department,
        by=by,
        now=now,
        kind=RoutingEventKind.MOVED,
        text=clean_text(note).strip(),
    )
    return routing


@transaction.atomic
def department_closed_flag_routings(
    *, department: Department, by: User | None, now: datetime | None = None
) -> int:
    """Flags every open routing of a department that was closed (for the HR sync), so the
    innovation unit finds them on the tracking page and re-routes them. Returns how many."""
    now = now or timezone.now()
    routings = list(
        Routing.objects.select_for_update()
        .select_related("department")
        .filter(department=department, status__in=OPEN_STATUSES, department_closed=False)
    )
    for routing in routings:
        routing.department_closed = True
        record_change_author(routing, by, reason="department closed")
        routing.save(update_fields=["department_closed"])
        _event(routing, kind=RoutingEventKind.DEPARTMENT_CLOSED, by=by, now=now)
    return len(routings)


# --- Answer templates ---------------------------------------------------------------------


@transaction.atomic
def answer_template_save(
    *,
    by: User,
    title: str,
    verdict: ReviewVerdict,
    body: str,
    is_active: bool = True,
    template: AnswerTemplate | None = None,
) -> AnswerTemplate:
    """Creates or changes a reusable review text."""
    if not permissions.can_manage_routing(by):
        raise PermissionDenied
    if template is None:
        template = AnswerTemplate(created_by=by)
    else:
        template = AnswerTemplate.objects.select_for_update().get(pk=template.pk)
    template.title = clean_text(title).strip()
    template.verdict = verdict
    template.body = clean_text(body).strip()
    template.is_active = is_active
    template.full_clean()
    record_change_author(template, by)
    template.save()
    return template


@transaction.atomic
def answer_template_delete(*, template: AnswerTemplate, by: User) -> None:
    if not permissions.can_manage_routing(by):
        raise PermissionDenied
    record_change_author(template, by)
    template.delete()


# --- Liaisons -----------------------------------------------------------------------------


@transaction.atomic
def liaison_designate(*, department: Department, user: User, by: User) -> None:
    """The innovation unit makes ``user`` a liaison of ``department``."""
    if not permissions.can_manage_routing(by):
        raise PermissionDenied
    if not department.is_active:
        raise ValidationError(_("A closed department cannot have liaisons."))
    if not user.is_active:
        raise ValidationError(_("This person's account is not active."))
    department_liaison_assign(department=department, user=user)


@transaction.atomic
def liaison_revoke(*, department: Department, user: User, by: User) -> None:
    if not permissions.can_manage_routing(by):
        raise PermissionDenied
    department_liaison_remove(department=department, user=user)
