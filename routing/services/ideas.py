"""The idea bank's writes (아이디어 뱅크): supports (공감), comments, the unit hiding a comment,
follows, and telling followers when a department answers an idea or reports its progress.

Each checks the actor's right (``PermissionDenied``) and that the idea is in the bank now
(``routing.permissions.banked_proposals``; an idea taken out, by a withdrawn consent for
instance, refuses every write), in one transaction. A refused call writes nothing.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import record_change_author
from notifications.services import notify
from proposals.models import Proposal
from proposals.services import clean_text

from .. import permissions
from ..enums import RoutingEventKind, RoutingStatus
from ..models import COMMENT_MAX_LENGTH, IdeaComment, IdeaFollow, IdeaSupport, Routing, RoutingEvent
from .common import authors

HIDE_REASON_MAX_LENGTH = 500


def _banked_locked(proposal: Proposal, by: User) -> Proposal:
    """The idea, its row locked (so two clicks of one person are one support), once ``by`` may
    use the bank and the idea is in it."""
    if not permissions.can_use_idea_bank(by):
        raise PermissionDenied
    idea = (
        permissions.banked_proposals()
        .select_for_update(of=("self",))
        .filter(pk=proposal.pk)
        .first()
    )
    if idea is None:
        raise PermissionDenied
    return idea


@transaction.atomic
def idea_support(*, proposal: Proposal, by: User, now: datetime | None = None) -> IdeaSupport:
    """``by`` supports the idea (공감), once: a second support returns the first one.
    Side effects: none beyond the row (the count is read from the rows)."""
    idea = _banked_locked(proposal, by)
    support, _created = IdeaSupport.objects.get_or_create(
        proposal=idea, user=by, defaults={"created_at": now or timezone.now()}
    )
    return support


@transaction.atomic
def idea_unsupport(*, proposal: Proposal, by: User) -> None:
    """``by`` takes back their support; nothing happens if there was none."""
    idea = _banked_locked(proposal, by)
    IdeaSupport.objects.filter(proposal=idea, user=by).delete()


@transaction.atomic
def idea_follow(*, proposal: Proposal, by: User, now: datetime | None = None) -> IdeaFollow:
    """``by`` follows the idea: told (``idea_answered``, ``idea_progress``) when a department
    answers it or reports its progress. Following twice keeps one row."""
    idea = _banked_locked(proposal, by)
    follow, _created = IdeaFollow.objects.get_or_create(
        proposal=idea, user=by, defaults={"created_at": now or timezone.now()}
    )
    return follow


@transaction.atomic
def idea_unfollow(*, proposal: Proposal, by: User) -> None:
    """``by`` stops following the idea; nothing happens if they did not follow it."""
    idea = _banked_locked(proposal, by)
    IdeaFollow.objects.filter(proposal=idea, user=by).delete()


@transaction.atomic
def idea_comment_add(
    *, proposal: Proposal, by: User, text: str, now: datetime | None = None
) -> IdeaComment:
    """``by`` comments on the idea: plain text (shown escaped, line breaks kept), not empty, at
    most ``COMMENT_MAX_LENGTH`` characters. Side effects: the comment and its history entry.
    The bank shows no commenter's name (an author commenting would name the idea's author)."""
    idea = _banked_locked(proposal, by)
    text = clean_text(text).strip()
    if not text:
        raise ValidationError(_("Write a comment."))
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            _("A comment has at most %(limit)d characters.") % {"limit": COMMENT_MAX_LENGTH}
        )
    comment = IdeaComment(proposal=idea, author=by, text=text, created_at=now or timezone.now())
    record_change_author(comment, by, reason="written")
    comment.save()
    return comment


@transaction.atomic
def idea_comment_hide(
    *, comment: IdeaComment, by: User, reason: str, now: datetime | None = None
) -> IdeaComment:
    """The innovation unit hides a comment with a reason. Readers then see "숨김 처리된 댓글"
    and the reason instead of the text; the text stays in the row for the record. Side
    effects: who (``hidden_by``), when (``hidden_at``) and why (``hidden_reason``) on the row,
    and a history entry with ``by`` as author. A comment already hidden is refused."""
    comment = IdeaComment.objects.select_for_update().get(pk=comment.pk)
    if not permissions.can_hide_comment(by, comment):
        if comment.is_hidden and permissions.can_use_idea_bank(by):
            raise ValidationError(_("This comment is already hidden."))
        raise PermissionDenied
    reason = clean_text(reason).strip()
    if not reason:
        raise ValidationError(_("Give the reason for hiding the comment."))
    if len(reason) > HIDE_REASON_MAX_LENGTH:
        raise ValidationError(
            _("The reason has at most %(limit)d characters.") % {"limit": HIDE_REASON_MAX_LENGTH}
        )
    comment.hidden_at = now or timezone.now()
    comment.hidden_by = by
    comment.hidden_reason = reason
    record_change_author(comment, by, reason="hidden")
    comment.save()
    return comment


# What a follower is told about, by the kind of the routing's history entry.
_FOLLOWER_KINDS = {
    RoutingEventKind.ANSWER: "idea_answered",
    RoutingEventKind.PROGRESS: "idea_progress",
}


def notify_idea_followers(routing: Routing, event: RoutingEvent) -> None:
    """Tells the idea's followers (not its authors, who hear it as ``routing_answered``) that a
    department answered it (``idea_answered``) or reported its progress or implementation
    (``idea_progress``), while the idea is in the bank. A re-route request stays between the
    department and the unit. The message names the idea, the department and the answer, never
    an author. Called by ``routing_answer`` and ``routing_progress_update``."""
    kind = _FOLLOWER_KINDS.get(RoutingEventKind(event.kind))
    if kind is None or routing.status == RoutingStatus.REROUTE_REQUESTED:
        return
    if not permissions.banked_proposals().filter(pk=routing.proposal_id).exists():
        return
    author_ids = {a.pk for a in authors(routing.proposal)}
    followers = [
        f.user
        for f in IdeaFollow.objects.filter(proposal_id=routing.proposal_id).select_related("user")
        if f.user_id not in author_ids
    ]
    notify(
        kind=kind,
        recipients=followers,
        about=event,
        context={"routing": routing, "idea": routing.proposal, "event": event},
        url=reverse("routing:idea-detail", kwargs={"pk": routing.proposal_id}),
    )
