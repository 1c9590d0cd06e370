"""The messages to the proposers after the decision (결과 안내): the unit sets the templates and
the review summary, edits a proposal's message by hand, and releases every message of the call
at once, through the outbox, once. The wording and its fields are ``screening.feedback``.

Each service checks the actor (the innovation unit, ``PermissionDenied``) and that the screening
is decided and its messages not yet released (``ValidationError``); after the release nothing
here changes any more.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import record_change_author
from notifications.services import notify
from proposals.enums import CallPhase
from proposals.models import Call, Proposal
from proposals.selectors import proposal_authors
from proposals.services import clean_text

from .. import feedback, permissions
from ..enums import FeedbackSummary
from ..models import Feedback, FeedbackSet, Screening
from ._common import require_manager, screening_locked

FEEDBACK_KIND = "screening_feedback"


def _open_set(call: Call) -> FeedbackSet:
    """The call's messages, locked (through the screening's row, so two releases, or a
    release and an edit, run one after the other), created with the default wording if new.
    Refused before the decision and after the release."""
    screening = screening_locked(call)
    if not screening.is_decided or Call.objects.get(pk=call.pk).phase != CallPhase.DECIDED:
        raise ValidationError(
            _("The messages to the proposers can be written once the screening is decided.")
        )
    feedback_set, _created = FeedbackSet.objects.get_or_create(
        screening=screening, defaults=feedback.default_templates()
    )
    if feedback_set.is_released:
        raise ValidationError(_("The messages have been released; they can no longer be changed."))
    return feedback_set


def _checked_template(value: str) -> str:
    value = clean_text(value).strip()
    if not value:
        raise ValidationError(_("Write the message."))
    if len(value) > feedback.TEMPLATE_MAX_LENGTH:
        raise ValidationError(
            _("A message can be at most %(count)s characters long.")
            % {"count": feedback.TEMPLATE_MAX_LENGTH}
        )
    unknown = feedback.unknown_fields(value)
    if unknown:
        raise ValidationError(
            _("%(fields)s is not a field. The fields are %(names)s.")
            % {"fields": ", ".join(unknown), "names": ", ".join(feedback.field_tokens().values())}
        )
    return value


@transaction.atomic
def feedback_configure(
    *, call: Call, by: User, selected_template: str, not_selected_template: str, summary: str
) -> FeedbackSet:
    """Saves the call's two message templates and its review summary. Messages edited by hand
    keep their wording; the others follow the new templates."""
    require_manager(by)
    if summary not in FeedbackSummary.values:
        raise ValidationError(_("Choose what the messages say of the board's review."))
    selected_template = _checked_template(selected_template)
    not_selected_template = _checked_template(not_selected_template)
    feedback_set = _open_set(call)
    feedback_set.selected_template = selected_template
    feedback_set.not_selected_template = not_selected_template
    feedback_set.summary = summary
    record_change_author(feedback_set, by, reason="feedback templates")
    feedback_set.save()
    return feedback_set


def _entry_of(call: Call, proposal: Proposal) -> Proposal:
    if not permissions.entries(call).filter(pk=proposal.pk).exists():
        raise PermissionDenied
    return proposal


@transaction.atomic
def feedback_edit(*, call: Call, proposal: Proposal, by: User, body: str) -> Feedback | None:
    """Stores the unit's own wording of ``proposal``'s message; an empty ``body`` drops it, so
    the message follows the template again (returns ``None`` then). Fields in braces are
    filled now, so the stored text is what its authors will read."""
    require_manager(by)
    proposal = _entry_of(call, proposal)
    body = clean_text(body).strip()
    feedback_set = _open_set(call)
    existing = Feedback.objects.filter(proposal=proposal).first()
    if not body:
        if existing is not None:
            record_change_author(existing, by, reason="feedback back to the template")
            existing.delete()
        return None
    figures = feedback.entry_figures(feedback_set.screening, proposal)
    values = feedback.field_values(feedback_set=feedback_set, proposal=proposal, figures=figures)
    body = feedback.fill(_checked_template(body), values)
    message = existing or Feedback(feedback_set=feedback_set, proposal=proposal)
    message.body = body
    message.edited = True
    record_change_author(message, by, reason="feedback edited")
    message.save()
    return message


@transaction.atomic
def feedback_release(*, call: Call, by: User) -> int:
    """Releases every decided entry's message at once: its final text (the template's with
    its fields filled, or the unit's own wording) is stored on the entry's ``Feedback`` row,
    and each of its authors (``proposal_authors``) is told through the outbox
    (``screening_feedback``, one row per author and proposal, keyed so it is written once).
    Sets ``released_at``: a second release is refused and sends nothing; the messages are
    read-only from then on. Returns how many proposals' messages went out."""
    require_manager(by)
    feedback_set = _open_set(call)
    screening: Screening = feedback_set.screening
    entries = list(
        feedback.feedback_entries(screening)
        .select_related("proposer")
        .prefetch_related("coproposers__user")
    )
    rows = feedback.feedback_rows(
        feedback_set=feedback_set, proposals=entries, entry_count=len(entries)
    )
    for row in rows:
        message = getattr(row.proposal, "feedback_message", None) or Feedback(
            feedback_set=feedback_set, proposal=row.proposal
        )
        message.body = row.body
        record_change_author(message, by, reason="feedback released")
        message.save()
        notify(
            kind=FEEDBACK_KIND,
            recipients=proposal_authors(row.proposal),
            about=row.proposal,
            context={"proposal": row.proposal, "call": call, "message": row.body},
            url=row.proposal.get_absolute_url(),
        )
    feedback_set.released_at = timezone.now()
    feedback_set.released_by = by
    record_change_author(feedback_set, by, reason="feedback released")
    feedback_set.save()
    return len(rows)
