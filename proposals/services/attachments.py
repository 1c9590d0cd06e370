"""A proposal's attachments: adding (size, type and the proposal's limits checked, and the
board's copy derived), rebuilding the board's copy, and removing them."""

import logging
from collections.abc import Sequence
from copy import copy

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from accounts.models import User
from core.storage import delete_files_on_commit

from .. import permissions
from ..enums import BoardCopyStatus
from ..files import sniff_attachment_kind
from ..models import Attachment, Proposal
from ..scrub import NotScrubbable
from ..scrub.runner import scrub_in_child
from .common import clean_text

logger = logging.getLogger(__name__)


def proposal_attachment_limits() -> tuple[int, int]:
    """(most attachments per proposal, their largest total in MB): ``PROPOSAL_MAX_ATTACHMENTS``
    and ``PROPOSAL_MAX_TOTAL_MB``."""
    return settings.PROPOSAL_MAX_ATTACHMENTS, settings.PROPOSAL_MAX_TOTAL_MB


def _check_proposal_limits(proposal: Proposal, uploads: Sequence[UploadedFile]) -> None:
    """Refuses uploads that would take the proposal past its count or total size."""
    max_count, max_total_mb = proposal_attachment_limits()
    held = Attachment.objects.filter(proposal=proposal).aggregate(n=Count("id"), total=Sum("size"))
    if held["n"] + len(uploads) > max_count:
        raise ValidationError(
            _("A proposal can have at most %(limit)s attachments; it has %(held)s and %(new)s more were sent.")
            % {"limit": max_count, "held": held["n"], "new": len(uploads)},
            code="too_many_attachments",
        )
    if (held["total"] or 0) + sum(u.size for u in uploads) > max_total_mb * 1024 * 1024:
        raise ValidationError(
            _("The attachments of a proposal can total at most %(limit)s MB; these files would exceed it.")
            % {"limit": max_total_mb},
            code="attachments_too_large",
        )


@transaction.atomic
def attachments_add(*, proposal: Proposal, uploads: Sequence[UploadedFile], by: User) -> list[Attachment]:
    """Stores uploads after checking, for all of them before writing any: the proposal's
    limits (count and total size), each file's size against the call's limit, and its type by
    extension and by content (a zip container decompressed, ``proposals.files``). A refusal
    raises ``ValidationError`` and writes nothing, neither rows nor files. Each stored file gets
    its board copy (``_derive_board_copy``); a file that cannot be scrubbed is stored all the
    same, withheld from the board."""
    if not permissions.can_edit_proposal(by, proposal):
        raise PermissionDenied
    uploads = list(uploads)
    if not uploads:
        return []
    # Two requests adding files to one proposal at once are counted one after the other.
    Proposal.objects.select_for_update().filter(pk=proposal.pk).values_list("pk", flat=True).first()
    _check_proposal_limits(proposal, uploads)
    limit = proposal.call.attachment_max_bytes
    kinds = []
    for upload in uploads:
        if upload.size > limit:
            raise ValidationError(
                _("“%(name)s” is larger than the limit of %(limit)s MB for this call.")
                % {"name": upload.name, "limit": proposal.call.attachment_max_mb}
            )
        kinds.append(sniff_attachment_kind(upload))
    stored = []
    for upload, kind in zip(uploads, kinds, strict=True):
        attachment = Attachment(
            proposal=proposal, original_name=clean_text(upload.name)[-255:], size=upload.size, kind=kind, uploaded_by=by
        )
        attachment.file.save("upload", upload, save=False)
        upload.seek(0)
        _derive_board_copy(attachment, upload.read())
        attachment.save()
        stored.append(attachment)
    return stored


def _derive_board_copy(attachment: Attachment, data: bytes) -> None:
    """Sets the attachment's board copy (not saved): the scrubbed file (``proposals.scrub``,
    in a child process under a time and memory cap), or the reason there is none."""
    try:
        clean = scrub_in_child(attachment.kind, data)
    except NotScrubbable as error:
        logger.info("proposal %s: a %s file withheld from the board: %s", attachment.proposal_id, attachment.kind, error)
        attachment.board_file = ""
        attachment.board_status, attachment.board_reason = BoardCopyStatus.WITHHELD, error.reason
    else:
        attachment.board_file.save("board", ContentFile(clean), save=False)
        attachment.board_status, attachment.board_reason = BoardCopyStatus.READY, ""


def attachment_board_copy_build(attachment: Attachment) -> Attachment:
    """Derives the attachment's board copy afresh from its original (after an upgrade, or when
    the scrub rules change: ``manage.py build_board_copies``). The previous copy's file is
    deleted once the new state is committed."""
    previous = copy(attachment.board_file)
    with attachment.file.open("rb") as handle:
        data = handle.read()
    _derive_board_copy(attachment, data)
    attachment.save(update_fields=["board_file", "board_status", "board_reason"])
    if previous.name != attachment.board_file.name:
        delete_files_on_commit([previous])
    return attachment


def attachment_add(*, proposal: Proposal, upload: UploadedFile, by: User) -> Attachment:
    """Stores one upload (``attachments_add``)."""
    return attachments_add(proposal=proposal, uploads=[upload], by=by)[0]


@transaction.atomic
def attachment_delete(*, attachment: Attachment, by: User) -> None:
    if not permissions.can_edit_proposal(by, attachment.proposal):
        raise PermissionDenied
    files = attachment.stored_files()
    attachment.delete()
    # The files go only once the row is gone for good (a rollback keeps both).
    delete_files_on_commit(files)
