from celery import shared_task

from .corrections import corrections_purge


@shared_task(ignore_result=True)
def purge_correction_requests() -> int:
    """Daily (beat): deletes correction requests answered more than CORRECTION_RETENTION_DAYS
    ago, with their history (docs/privacy.md, section 6). Returns how many."""
    return corrections_purge()
