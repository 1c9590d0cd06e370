"""Thin tasks: an import record id in, a service call. Idempotent: a task that finds the record
in another state (a re-delivered message, a second click) does nothing."""

import logging

from celery import shared_task
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError

from core.forms import error_text

from . import services
from .enums import ImportStatus
from .models import ImportRecord

logger = logging.getLogger(__name__)


def _run(step, record_id: int, expected: ImportStatus) -> None:
    record = ImportRecord.objects.filter(pk=record_id, status=expected).first()
    if record is None:
        return
    try:
        step(record=record)
    except ValidationError as error:
        services.hr_import_fail(record=record, error=error_text(error))
    except Exception:
        logger.exception("HR import %s failed", record_id)
        services.hr_import_fail(
            record=record, error=_("An unexpected error stopped the import; nothing was applied.")
        )
        raise


@shared_task(acks_late=True, ignore_result=True)
def import_check(record_id: int) -> None:
    _run(services.hr_import_check, record_id, ImportStatus.CHECKING)


@shared_task(acks_late=True, ignore_result=True)
def import_apply(record_id: int) -> None:
    _run(services.hr_import_apply, record_id, ImportStatus.APPLYING)


def enqueue(task, record: ImportRecord) -> None:
    """Queues the step for a worker; with the broker unreachable it runs here and now
    (an import of a few thousand rows takes seconds)."""
    try:
        task.delay(record.pk)
    except KombuOperationalError:
        logger.warning(
            "broker unreachable: running %s for HR import %s in the request", task.name, record.pk
        )
        task.apply(args=(record.pk,))
