"""An author's consent to show a proposal in the idea bank (아이디어 뱅크) once it is routed
and not selected. The bank itself (supports, comments, follows) belongs to the routing app."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.history import record_change_author

from .. import permissions
from ..models import IdeaBankConsent, Proposal


@transaction.atomic
def idea_bank_consent_set(
    *, proposal: Proposal, by: User, agreed: bool, now: datetime | None = None
) -> IdeaBankConsent:
    """The proposer or an accepted co-proposer says whether the idea may be shown in the bank.

    Asked on the proposal form, when a co-proposer accepts, and on the proposal's page at any
    time. Withdrawing takes the idea out of the bank at once (the bank's query asks every
    author's consent on each request); agreeing again brings it back. An unchanged answer
    writes nothing. Side effects: the consent row and a history entry with ``by`` as author.
    Anyone else than an author: ``PermissionDenied``."""
    if not permissions.is_author(by, proposal):
        raise PermissionDenied
    # The proposal's row is the lock: a first consent has no row of its own to lock yet, and
    # a double click must not insert twice (the unique constraint would answer with a 500).
    Proposal.objects.select_for_update().filter(pk=proposal.pk).first()
    consent = IdeaBankConsent.objects.select_for_update().filter(proposal=proposal, user=by).first()
    if consent is not None and consent.agreed == bool(agreed):
        return consent
    if consent is None:
        consent = IdeaBankConsent(proposal=proposal, user=by)
    consent.agreed = bool(agreed)
    consent.changed_at = now or timezone.now()
    record_change_author(consent, by, reason="agreed" if agreed else "withdrawn")
    consent.save()
    return consent
