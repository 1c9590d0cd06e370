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

from collections.abc import Iterable

from django.core.files.storage import Storage
from django.db import transaction
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class PrivateS3Storage(S3Storage):
    """django-storages' S3 backend, private: no ACL on objects (the bucket's own, private,
    applies), no URL to the store (signed or not), a new name rather than an overwrite."""

    default_acl = None
    querystring_auth = False
    file_overwrite = False

    def __init__(self, **settings):
        super().__init__(**settings)
        # Whatever OPTIONS or AWS_* settings say: private, unlinked, never overwritten.
        self.default_acl, self.querystring_auth, self.file_overwrite = None, False, False

    def url(self, name, parameters=None, expire=None, http_method=None):
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
    from botocore.exceptions import ClientError

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
