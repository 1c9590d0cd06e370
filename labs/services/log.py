"""The progress log (활동일지), its comments and the milestones: written by any member of an
open lab; the innovation unit reads and comments but does not write."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.history import record_change_author
from proposals.services import clean_text

from .. import permissions
from ..models import Lab, LogComment, LogEntry, Milestone
from ._common import lock_lab, store_attachments

ENTRY_FIELDS = ("entry_date", "did", "learned", "next_steps", "blockers")


@transaction.atomic
def log_entry_create(
    *, lab: Lab, by: User, entry_date: date, did: str, learned: str = "", next_steps: str = "",
    blockers: str = "", uploads: Iterable[UploadedFile] = (),
) -> LogEntry:
    """A member writes a progress log entry, with optional attachments."""
    lab = lock_lab(lab)
    if not permissions.can_write_log(by, lab):
        raise PermissionDenied
    entry = LogEntry(
        lab=lab, author=by, entry_date=entry_date, did=clean_text(did), learned=clean_text(learned),
        next_steps=clean_text(next_steps), blockers=clean_text(blockers),
    )
    entry.full_clean()
    record_change_author(entry, by)
    entry.save()
    store_attachments(lab=lab, by=by, uploads=uploads, entry=entry)
    return entry


@transaction.atomic
def log_entry_update(*, entry: LogEntry, by: User, uploads: Iterable[UploadedFile] = (), **fields) -> LogEntry:
    """Any member may correct any entry (there is no author privilege in a lab)."""
    entry = LogEntry.objects.select_for_update(of=("self",)).select_related("lab").get(pk=entry.pk)
    if not permissions.can_write_log(by, entry.lab):
        raise PermissionDenied
    for name, value in fields.items():
        if name not in ENTRY_FIELDS:
            raise TypeError(name)
        setattr(entry, name, clean_text(value) if isinstance(value, str) else value)
    entry.full_clean()
    record_change_author(entry, by)
    entry.save()
    store_attachments(lab=entry.lab, by=by, uploads=uploads, entry=entry)
    return entry


@transaction.atomic
def log_comment_add(*, entry: LogEntry, by: User, body: str) -> LogComment:
    """A member or the innovation unit comments on an entry."""
    if not permissions.can_comment(by, entry.lab):
        raise PermissionDenied
    comment = LogComment(entry=entry, author=by, body=clean_text(body).strip())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def milestone_create(*, lab: Lab, by: User, title: str, target_date: date) -> Milestone:
    lab = lock_lab(lab)
    if not permissions.can_write_log(by, lab):
        raise PermissionDenied
    milestone = Milestone(lab=lab, title=clean_text(title).strip(), target_date=target_date, created_by=by)
    milestone.full_clean()
    record_change_author(milestone, by)
    milestone.save()
    return milestone


@transaction.atomic
def milestone_set_done(*, milestone: Milestone, by: User, done: bool) -> Milestone:
    milestone = Milestone.objects.select_for_update(of=("self",)).select_related("lab").get(pk=milestone.pk)
    if not permissions.can_write_log(by, milestone.lab):
        raise PermissionDenied
    milestone.done = done
    milestone.done_on = timezone.localdate() if done else None
    record_change_author(milestone, by, "done" if done else "not done")
    milestone.save()
    return milestone
