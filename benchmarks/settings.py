"""The portal's settings for the benchmark: production-like (DEBUG off, gunicorn, PostgreSQL,
compressed static files), served over plain http on 127.0.0.1, with the floor view's URLconf."""

import os
import warnings

os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/glab_bench")
os.environ.setdefault("DB_CONN_MAX_AGE", "600")

from glab_portal.settings import *  # noqa: E402,F403
from glab_portal.settings import LOGGING  # noqa: E402

ROOT_URLCONF = "benchmarks.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DEBUG = False
# Sessions are made by the harness; passwords are never checked during the run.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}
# Web processes only write the outbox; with no broker to deliver to, rows stay pending as they
# would while the workers are busy (the reminder part of the benchmark delivers in batches).
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = "memory://"
# The benchmark serves no static files (the pages' HTML is what is measured).
warnings.filterwarnings("ignore", message="No directory at")
