"""Steps the labs services share: locking, reading the members, invitations, attachments."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.services import notify
from proposals.files import sniff_attachment_kind
from proposals.services import clean_text

from ..enums import DecisionStatus, MembershipStatus
from ..models import Lab, LabAttachment, Membership

ATTACHMENT_MAX_MB = 10
OPEN_DECISION_STATUSES = (DecisionStatus.PENDING, DecisionStatus.AWAITING_APPROVAL)


def lock_lab(lab: Lab) -> Lab:
    return Lab.objects.select_for_update().get(pk=lab.pk)


def active_memberships(lab: Lab) -> list[Membership]:
    return list(lab.memberships.filter(status=MembershipStatus.ACTIVE).select_related("user"))


def membership_for(lab: Lab, user: User) -> Membership | None:
    return Membership.objects.select_for_update().filter(lab=lab, user=user).first()


def format_day(day: date | None) -> str:
    return date_format(day, "Y-m-d") if day else ""


def notify_invitations(lab: Lab, invitations: Iterable[Membership]) -> None:
    for membership in invitations:
        notify(
            kind="labs_invitation",
            recipients=[membership.user],
            about=membership,
            occasion=str(timezone.now().timestamp()),
            context={"lab": lab},
            url=lab.get_absolute_url(),
        )


def store_attachments(
    *, lab: Lab, by: User, uploads: Iterable[UploadedFile], entry=None, report=None
) -> list[LabAttachment]:
    """Stores the uploads on a log entry or a final report, refusing one over the size limit
    or of a type the portal does not accept."""
    stored = []
    for upload in uploads:
        if upload.size > ATTACHMENT_MAX_MB * 1024 * 1024:
            raise ValidationError(
                _("“%(name)s” is larger than the limit of %(limit)s MB.")
                % {"name": upload.name, "limit": ATTACHMENT_MAX_MB}
            )
        kind = sniff_attachment_kind(upload)
        attachment = LabAttachment(
            lab=lab,
            entry=entry,
            report=report,
            original_name=clean_text(upload.name)[-255:],
            size=upload.size,
            kind=kind,
            uploaded_by=by,
        )
        attachment.file.save("upload", upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored
