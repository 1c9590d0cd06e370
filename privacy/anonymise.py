"""Anonymising the personal data of closed calls after the retention period (docs/privacy.md).

What is personal here is the link between a person and a proposal (proposer, co-proposers,
who changed what), what a person uploaded (attachments), the messages sent to people, and the
texts of proposals that never entered the record (drafts, withdrawn). What is the province's
record and is kept: every row and id (calls, proposals, references, statuses, screening scores,
routings, labs), the submitted proposals' texts (the idea is the record of the decision), and
the decision ledger, which holds ids only and is never touched (its hash chain stays valid).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import AccountSource
from accounts.models import User
from core.storage import delete_files_on_commit
from notifications.models import Notification
from proposals.enums import CallPhase, ProposalStatus
from proposals.models import Attachment, Call, CoProposer, ExtraAnswer, IdeaBankConsent, Proposal
from routing.models import IdeaComment, IdeaFollow, IdeaSupport

from .models import AnonymisedCall

PLACEHOLDER_USERNAME = "anonymised"
NEVER_SUBMITTED = (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN)


@dataclass
class CallReport:
    call: Call
    proposals: int = 0
    coproposers_removed: int = 0
    attachments_removed: int = 0
    notifications_removed: int = 0


def placeholder_user() -> User:
    """The one inactive account that anonymised proposals point to (the proposer link is
    required by the schema and protected)."""
    user, created = User.objects.get_or_create(
        username=PLACEHOLDER_USERNAME,
        defaults={"full_name": "익명 처리됨", "is_active": False, "source": AccountSource.LOCAL},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def calls_due(*, older_than_days: int, now=None):
    """Closed calls whose closing is more than ``older_than_days`` ago, not in screening, not
    anonymised yet."""
    now = now or timezone.now()
    done = AnonymisedCall.objects.values("call_id")
    calls = Call.objects.filter(closes_at__lt=now - timedelta(days=older_than_days)).exclude(pk__in=done)
    return [c for c in calls.order_by("closes_at") if c.phase_at(now) in (CallPhase.CLOSED, CallPhase.DECIDED)]


def _remove_coproposers(proposal_ids: list[int], report: CallReport) -> list[int]:
    """Deletes the co-proposer rows of these proposals and all their history; returns their ids.
    Rows first: their deletion writes "deleted" history rows (holding the co-proposer), which
    then go with the rest of the history."""
    coproposers = CoProposer.objects.filter(proposal_id__in=proposal_ids)
    coproposer_ids = list(coproposers.values_list("pk", flat=True))
    report.coproposers_removed, _detail = coproposers.delete()
    CoProposer.history.model.objects.filter(proposal_id__in=proposal_ids).delete()
    return coproposer_ids


def call_anonymise(*, call: Call, retention_days: int) -> CallReport:
    """Anonymises one call in one transaction: proposers (and their history rows) point to the
    placeholder account, co-proposer rows and their history go, attachments (rows and files)
    go, drafts and withdrawn proposals lose their texts and extra answers, notifications about the call or its
    proposals are deleted, the idea bank forgets who was behind its ideas (``_anonymise_idea_bank``).
    Writes an ``AnonymisedCall`` row. Never touches the ledger."""
    report = CallReport(call=call)
    placeholder = placeholder_user()
    with transaction.atomic():
        Call.objects.select_for_update().get(pk=call.pk)
        proposals = Proposal.objects.filter(call=call)
        ids = list(proposals.values_list("pk", flat=True))
        report.proposals = len(ids)
        blank = {"problem": "", "idea": "", "effect": "", "keywords": ""}
        never_submitted = proposals.filter(status__in=NEVER_SUBMITTED)
        never_submitted.update(title=_("Anonymised proposal"), **blank)
        proposals.update(proposer=placeholder, updated_at=timezone.now())  # moves cached list rows

        history = Proposal.history.model.objects.filter(id__in=ids)
        history.update(proposer_id=placeholder.pk, history_user_id=None)
        history.filter(status__in=NEVER_SUBMITTED).update(title=_("Anonymised proposal"), **blank)

        # Answers to extra questions (추가 항목) go with a never-submitted proposal's texts, and
        # no history row of any answer keeps who wrote it.
        unsent = never_submitted.values("pk")
        ExtraAnswer.objects.filter(proposal_id__in=unsent).delete()
        ExtraAnswer.history.model.objects.filter(proposal_id__in=unsent).delete()
        ExtraAnswer.history.model.objects.filter(proposal_id__in=ids).update(history_user_id=None)

        coproposer_ids = _remove_coproposers(ids, report)

        attachments = Attachment.objects.filter(proposal_id__in=ids)
        files = [stored for a in attachments for stored in a.stored_files()]
        report.attachments_removed, _detail = attachments.delete()

        notifications = Notification.objects.filter(about_type="proposals.proposal", about_id__in=ids)
        notifications |= Notification.objects.filter(about_type="proposals.call", about_id=call.pk)
        notifications |= Notification.objects.filter(
            about_type="proposals.coproposer", about_id__in=coproposer_ids
        )
        report.notifications_removed, _detail = notifications.delete()

        _anonymise_idea_bank(ids)

        AnonymisedCall.objects.create(
            call=call,
            retention_days=retention_days,
            proposals=report.proposals,
            coproposers_removed=report.coproposers_removed,
            attachments_removed=report.attachments_removed,
            notifications_removed=report.notifications_removed,
        )
        # Files go only once the rows are gone for good.
        delete_files_on_commit(files)
    return report


def _anonymise_idea_bank(proposal_ids: list[int]) -> None:
    """The idea bank (아이디어 뱅크) of the call's proposals: the authors' consents and their
    history go (so the ideas leave the bank: no author is left to withdraw), supports and
    follows go, comments stay as the departments' record but lose their authors (in the rows
    and in their history)."""
    # The rows first: deleting them writes "deleted" history rows, which go with the rest.
    IdeaBankConsent.objects.filter(proposal_id__in=proposal_ids).delete()
    IdeaBankConsent.history.model.objects.filter(proposal_id__in=proposal_ids).delete()
    IdeaSupport.objects.filter(proposal_id__in=proposal_ids).delete()
    IdeaFollow.objects.filter(proposal_id__in=proposal_ids).delete()
    IdeaComment.objects.filter(proposal_id__in=proposal_ids).update(author=None)
    IdeaComment.history.model.objects.filter(proposal_id__in=proposal_ids).update(
        author_id=None, history_user_id=None
    )
