"""Calls: creating and editing them, extending the deadline, the stored phases, notices."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_innovation_unit
from core.history import record_change_author
from notifications.services import notify

from ..enums import CallPhase, NoticeKind, ProposalStatus
from ..models import Call, CallNotice, Proposal
from .common import call_locked, clean_text


@transaction.atomic
def call_create(*, by: User, **fields) -> Call:
    if not is_innovation_unit(by):
        raise PermissionDenied
    call = Call(created_by=by, **fields)
    call.full_clean()
    record_change_author(call, by)
    call.save()
    return call


@transaction.atomic
def call_update(*, call: Call, by: User, **fields) -> Call:
    if not is_innovation_unit(by):
        raise PermissionDenied
    call = call_locked(call)
    old_closes_at = call.closes_at
    for name, value in fields.items():
        setattr(call, name, value)
    call.full_clean()
    record_change_author(call, by)
    call.save()
    if call.closes_at > old_closes_at and call.is_open:
        _notify_deadline_extended(call, old_closes_at)
    return call


@transaction.atomic
def call_extend_deadline(*, call: Call, closes_at: datetime, by: User) -> Call:
    """Moves the deadline later; recorded in the call's history and announced to everyone
    with a draft on the call."""
    if not is_innovation_unit(by):
        raise PermissionDenied
    call = call_locked(call)
    if call.stored_phase:
        raise ValidationError(_("The screening has started; the deadline can no longer be changed."))
    if closes_at <= call.closes_at:
        raise ValidationError(_("The new deadline must be later than the current one."))
    old_closes_at = call.closes_at
    call.closes_at = closes_at
    call.full_clean()
    record_change_author(call, by, reason="deadline extended")
    call.save()
    _notify_deadline_extended(call, old_closes_at)
    return call


def _notify_deadline_extended(call: Call, old_closes_at: datetime) -> None:
    drafts = Proposal.objects.filter(call=call, status=ProposalStatus.DRAFT).select_related("proposer")
    notify(
        kind="call_deadline_extended",
        recipients=[p.proposer for p in drafts],
        about=call,
        occasion=call.closes_at.isoformat(),
        context={"call": call, "old_closes_at": old_closes_at},
        url=call.get_absolute_url(),
    )


@transaction.atomic
def call_set_phase(*, call: Call, to: CallPhase, by: User | None, reason: str = "") -> Call:
    """The one door for the stored phases: closed → screening → decided.

    Other apps (screening) call this; it enforces the order and records who moved it.
    """
    allowed = {CallPhase.CLOSED: CallPhase.SCREENING, CallPhase.SCREENING: CallPhase.DECIDED}
    call = call_locked(call)
    current = call.phase
    if allowed.get(current) != to:
        raise ValidationError(
            _("A call in phase “%(current)s” cannot move to “%(to)s”.")
            % {"current": current.label, "to": CallPhase(to).label}
        )
    call.stored_phase = to
    record_change_author(call, by, reason=reason or f"phase → {to}")
    call.save(update_fields=["stored_phase", "updated_at"])
    return call


@transaction.atomic
def call_notice_post(*, call: Call, by: User, body: str, question: str = "") -> CallNotice:
    """Posts a notice (or a question with its answer) on the call's page (a receiver moves the
    call's ``updated_at``, under which the page caches its public parts: proposals.apps)."""
    if not is_innovation_unit(by):
        raise PermissionDenied
    notice = CallNotice(
        call=call,
        kind=NoticeKind.ANSWER if question.strip() else NoticeKind.NOTICE,
        question=clean_text(question),
        body=clean_text(body),
        created_by=by,
    )
    notice.full_clean()
    notice.save()
    return notice
