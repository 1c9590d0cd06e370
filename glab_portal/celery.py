"""The Celery app. Tasks live in each app's ``tasks.py`` and are autodiscovered; the beat
schedule (the reminder dispatcher) is ``CELERY_BEAT_SCHEDULE`` in settings.

With ``REDIS_URL`` unset the settings turn on eager execution, so the portal runs with no
broker at all; with it set, tasks go to Redis and a worker and beat process deliver them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glab_portal.settings")

app = Celery("glab_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The default in every thread, not only the importing one: otherwise a task sent from another
# thread (a threaded web server, a test) resolves to Celery's unconfigured fallback app.
app.set_default()
