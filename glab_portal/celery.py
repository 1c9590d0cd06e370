"""The Celery app. Tasks live in each app's ``tasks.py`` and are autodiscovered; the beat
schedule (the reminder dispatcher, the digest, the daily checkpoint, purges and sweep) is
``CELERY_BEAT_SCHEDULE`` in settings, and every run of one of those is recorded for the
monitoring (``_record_scheduled_run``).

With ``REDIS_URL`` unset the settings turn on eager execution, so the portal runs with no
broker at all; with it set, tasks go to Redis and a worker and beat process deliver them.
"""

import os

from celery import Celery
from celery.signals import task_success

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glab_portal.settings")

app = Celery("glab_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The default in every thread, not only the importing one: otherwise a task sent from another
# thread (a threaded web server, a test) resolves to Celery's unconfigured fallback app.
app.set_default()


def scheduled_task_names() -> dict[str, str]:
    """``{task name: short name}`` of every periodic task in ``CELERY_BEAT_SCHEDULE``; the short
    name (the task function's) is the one its runs are recorded under."""
    from django.conf import settings

    return {entry["task"]: entry["task"].rsplit(".", 1)[-1] for entry in settings.CELERY_BEAT_SCHEDULE.values()}


@task_success.connect
def _record_scheduled_run(sender=None, **_kwargs) -> None:
    """Every periodic task notes when it last finished (``notifications.ScheduledRun``), for the
    ``glab_beat_last_run_timestamp_seconds`` metric: the IT team's alert when the ledger's
    checkpoint, a retention purge or the file sweep stops running. (The dispatcher and the
    digest also note their runs themselves, as they are run by hand too.)"""
    short = scheduled_task_names().get(getattr(sender, "name", ""))
    if short:
        from notifications.services import scheduled_run_record

        scheduled_run_record(short)
