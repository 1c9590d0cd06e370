"""``manage.py ensure_storage_bucket``: creates the private bucket of ``STORAGE_S3_BUCKET`` when
it does not exist yet (no ACL, no policy: private), then writes, reads back and deletes a
probe object, so a wrong endpoint, key or permission shows here rather than at the first
upload. With files on the local disk it says so and does nothing. Safe to run on every start
(the compose ``migrate`` service does)."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from storages.backends.s3 import S3Storage

from core.storage import ensure_bucket


class Command(BaseCommand):
    help = "Creates the object storage bucket (STORAGE_S3_BUCKET) if missing and checks it can be written and read."

    def handle(self, *args, **options):
        if not isinstance(default_storage, S3Storage):
            self.stdout.write(
                "files are on the local disk (STORAGE_S3_BUCKET is not set): nothing to do"
            )
            return
        bucket = default_storage.bucket_name
        created = ensure_bucket(default_storage)
        probe = f"probes/{uuid.uuid4().hex}"
        name = default_storage.save(probe, ContentFile(b"probe"))
        try:
            with default_storage.open(name, "rb") as handle:
                if handle.read() != b"probe":
                    raise CommandError(f"bucket {bucket}: the probe object read back differs")
        finally:
            default_storage.delete(name)
        self.stdout.write(
            f"bucket {bucket}: {'created' if created else 'exists'}, written and read back"
        )
