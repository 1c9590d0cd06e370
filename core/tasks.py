from datetime import timedelta

from celery import shared_task
from django.conf import settings

from .storage import orphan_files_sweep


@shared_task
def sweep_orphan_files() -> int:
    """Daily (beat): removes stored files no row points to, older than
    ``ORPHAN_FILES_GRACE_HOURS`` (``core.storage.orphan_files_sweep``). Returns how many."""
    report = orphan_files_sweep(older_than=timedelta(hours=settings.ORPHAN_FILES_GRACE_HOURS))
    return len(report.removed)
