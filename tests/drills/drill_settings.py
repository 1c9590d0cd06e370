"""Settings for the processes a drill starts (web, worker, beat): the real settings with short
leases and intervals, so a drill sees in seconds what production does in minutes."""

import os

os.environ.setdefault("SECRET_KEY", "drill-only-secret-key")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("PRIVACY_CONSENT_REQUIRED", "0")

from glab_portal.settings import *  # noqa: E402,F403

ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
NOTIFICATION_LEASE = int(os.environ.get("DRILL_LEASE", "6"))
NOTIFICATION_REQUEUE_AFTER = 0
EMAIL_TIMEOUT = 2
REMINDER_DISPATCH_INTERVAL = 1
CELERY_BEAT_SCHEDULE = {
    "dispatch-reminders": {
        "task": "notifications.tasks.dispatch_reminders",
        "schedule": REMINDER_DISPATCH_INTERVAL,
        "options": {"expires": 5},
    },
}
