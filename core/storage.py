"""Where uploaded files live: the local disk (``MEDIA_ROOT``) by default, or a private bucket of
an S3-compatible object store (MinIO, Ceph, a cloud's) when ``STORAGE_S3_BUCKET`` is set
(docs/deployment.md, "Scaling out"). Every file is reached through Django's storage API
(``default_storage``, a ``FieldFile``), never through a path on disk, so every web server,
worker and command sees the same files.

Files are never handed to a browser by a link to the store: the permission-checking views open
them here and stream them (so the personal-data access log records every download, and office
PCs need never reach the store). ``PrivateS3Storage`` therefore makes no URL to the store,
writes no ACL (the bucket stays private), and never overwrites an existing object.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Iterable, Iterator
from datetime import timedelta

from botocore.exceptions import ClientError
from django.apps import apps
from django.core.files.storage import Storage, default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class PrivateS3Storage(S3Storage):
    """django-storages' S3 backend, private: no ACL on objects (the bucket's own, private,
    applies), no URL to the store (signed or not), a new name rather than an overwrite."""

    def __init__(self, **settings):
        super().__init__(**settings)
        # Whatever OPTIONS or AWS_* settings say: private, unlinked, never overwritten.
        self.default_acl, self.querystring_auth, self.file_overwrite = None, False, False

    def url(self, name, *_args, **_kwargs):
        """The name as a relative path, as the local disk gives with no ``MEDIA_URL`` (the
        admin shows a read-only file field as a link): never the store's address, never a
        signature. Files reach a browser only through the views."""
        return filepath_to_uri(clean_name(name))


def ensure_bucket(storage: Storage) -> bool:
    """Creates the storage's bucket when it does not exist (private: no ACL is set, no policy
    is written). Returns True when it was created. Does nothing for the local disk."""
    if not isinstance(storage, S3Storage):
        return False
    client = storage.connection.meta.client
    try:
        client.head_bucket(Bucket=storage.bucket_name)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket", "NotFound"):
            raise
    else:
        return False
    arguments = {"Bucket": storage.bucket_name}
    region = storage.region_name
    if region and region != "us-east-1":
        arguments["CreateBucketConfiguration"] = {"LocationConstraint": region}
    client.create_bucket(**arguments)
    return True


def delete_files_on_commit(files: Iterable) -> None:
    """Deletes stored files (``FieldFile`` objects) once the current transaction commits, so a
    rollback never leaves a row pointing to a deleted file. Each file through its own storage
    (the board copy may live elsewhere than the original); a missing file is not an error."""
    stored = [(f.storage, f.name) for f in files if f and f.name]
    if stored:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])


def file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    """Every file field of the portal's models (proxy and unmanaged models left out: their rows
    are another model's). What the orphan sweep keeps and what a backup copies (``core.backups``)."""
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def field_names(model: type[models.Model], field: models.FileField) -> set[str]:
    """The names the rows hold in ``field``, every row (the base manager: a default manager that
    hides rows must not make their files look unreferenced)."""
    column = field.attname
    rows = model._base_manager.exclude(**{f"{column}__isnull": True}).exclude(**{column: ""})
    return set(rows.values_list(column, flat=True).iterator())


def referenced_names() -> set[str]:
    """The name of every stored file some row points to: every ``FileField`` of every model."""
    names: set[str] = set()
    for model, field in file_fields():
        names |= field_names(model, field)
    return names


def upload_folders(referenced: Iterable[str]) -> set[str]:
    """The top folders uploads go to: each ``FileField``'s ``upload_to`` when it is a string,
    and the top folder of every referenced name (a callable ``upload_to``). Nothing else in the
    storage (a file an operator put beside them) is ever swept."""
    folders = {name.split("/", 1)[0] for name in referenced if "/" in name}
    for _model, field in file_fields():
        if isinstance(field.upload_to, str) and "/" in field.upload_to:
            folders.add(field.upload_to.split("/", 1)[0])
    return folders


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file in the storage under ``folder`` (recursively, through ``listdir``: the local
    disk or a bucket); nothing when the folder does not exist."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield posixpath.join(folder, name) if folder else name
    for directory in directories:
        yield from stored_names(storage, posixpath.join(folder, directory) if folder else directory)


@dataclasses.dataclass
class OrphanSweep:
    stored: int = 0
    unreferenced: int = 0
    removed: list[str] = dataclasses.field(default_factory=list)


def orphan_files_sweep(*, older_than: timedelta, dry_run: bool = False) -> OrphanSweep:
    """Removes the stored files no row points to, written more than ``older_than`` ago (the
    default storage: the local disk or the bucket; only in the folders uploads go to,
    ``upload_folders``). A file is written before its row commits;
    when the transaction rolls back (a proposal saved and submitted in one POST whose submission
    is refused, a request killed half-way) the file stays, where neither deletion nor
    anonymisation would find it. The grace period leaves alone an upload whose transaction is
    still open. With ``dry_run`` nothing is removed (``removed`` lists what would be)."""
    cutoff = timezone.now() - older_than
    # Rows are read again after the listing: a file saved meanwhile is referenced by then or
    # younger than the grace period.
    referenced = referenced_names()
    stored = [
        name
        for folder in sorted(upload_folders(referenced))
        for name in stored_names(default_storage, folder)
    ]
    referenced |= referenced_names()
    report = OrphanSweep(stored=len(stored))
    for name in stored:
        if name in referenced:
            continue
        report.unreferenced += 1
        try:
            modified = default_storage.get_modified_time(name)
        except (FileNotFoundError, ClientError):  # removed meanwhile
            continue
        if modified < cutoff:
            if not dry_run:
                default_storage.delete(name)
            report.removed.append(name)
    return report
