"""A proposal's attachments: adding (size and type checked) and removing them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from .. import permissions
from ..files import sniff_attachment_kind
from ..models import Attachment, Proposal
from .common import clean_text


@transaction.atomic
def attachment_add(*, proposal: Proposal, upload: UploadedFile, by: User) -> Attachment:
    """Stores an upload after checking its size against the call's limit and its type by
    extension and by content."""
    if not permissions.can_edit_proposal(by, proposal):
        raise PermissionDenied
    limit = proposal.call.attachment_max_bytes
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than the limit of %(limit)s MB for this call.")
            % {"name": upload.name, "limit": proposal.call.attachment_max_mb}
        )
    kind = sniff_attachment_kind(upload)
    name = clean_text(upload.name)[-255:]
    attachment = Attachment(
        proposal=proposal, original_name=name, size=upload.size, kind=kind, uploaded_by=by
    )
    attachment.file.save("upload", upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, by: User) -> None:
    if not permissions.can_edit_proposal(by, attachment.proposal):
        raise PermissionDenied
    attachment.file.delete(save=False)
    attachment.delete()
