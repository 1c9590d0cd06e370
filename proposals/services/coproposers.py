"""Co-proposers: naming them, their answer, and whether each author volunteers for the lab."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import record_change_author
from notifications.services import notify

from .. import permissions
from ..enums import CoProposerStatus
from ..models import CoProposer, Proposal
from .idea_bank import idea_bank_consent_set


@transaction.atomic
def proposal_set_coproposers(*, proposal: Proposal, users: list[User], by: User) -> None:
    """Invites new co-proposers and removes those no longer named (until the call closes)."""
    if not permissions.can_edit_proposal(by, proposal):
        raise PermissionDenied
    wanted = {u.pk: u for u in users if u.pk != proposal.proposer_id}
    existing = {c.user_id: c for c in proposal.coproposers.all()}
    for user_id, link in existing.items():
        if user_id not in wanted:
            record_change_author(link, by, reason="removed")
            link.delete()
    new_links = []
    for user_id, user in wanted.items():
        if user_id not in existing:
            link = CoProposer(proposal=proposal, user=user)
            record_change_author(link, by)
            link.save()
            new_links.append(link)
    if new_links:
        notify(
            kind="coproposer_invited",
            recipients=[link.user for link in new_links],
            about=proposal,
            context={"proposal": proposal, "inviter": by},
            url=proposal.get_absolute_url(),
        )


@transaction.atomic
def coproposer_respond(
    *, proposal: Proposal, by: User, accept: bool, volunteers: bool = False, idea_bank: bool | None = None
) -> CoProposer:
    """The invited colleague accepts (and may volunteer for the lab, and say whether the idea
    may be shown in the idea bank: ``idea_bank_consent_set``) or declines."""
    link = CoProposer.objects.select_for_update().filter(proposal=proposal, user=by).first()
    if link is None:
        raise PermissionDenied
    if not proposal.call.is_open:
        raise ValidationError(_("This call is closed. Proposals can no longer be written, changed or withdrawn."))
    link.status = CoProposerStatus.ACCEPTED if accept else CoProposerStatus.DECLINED
    link.volunteers = bool(volunteers and accept)
    link.responded_at = timezone.now()
    record_change_author(link, by, reason="accepted" if accept else "declined")
    link.save()
    if accept and idea_bank is not None:
        idea_bank_consent_set(proposal=Proposal.objects.get(pk=proposal.pk), by=by, agreed=idea_bank)
    return link


@transaction.atomic
def coproposer_set_volunteering(*, proposal: Proposal, by: User, volunteers: bool) -> None:
    """Proposer or accepted co-proposer says whether they would join the lab."""
    if not permissions.can_edit_proposal(by, proposal):
        raise PermissionDenied
    if proposal.proposer_id == by.pk:
        if proposal.proposer_volunteers == volunteers:
            return  # unchanged: no empty history entry
        proposal.proposer_volunteers = volunteers
        record_change_author(proposal, by)
        proposal.save(update_fields=["proposer_volunteers", "updated_at"])
        return
    link = CoProposer.objects.select_for_update().get(proposal=proposal, user=by)
    if link.volunteers == volunteers:
        return
    link.volunteers = volunteers
    record_change_author(link, by)
    link.save(update_fields=["volunteers"])
