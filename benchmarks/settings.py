"""The portal's settings for the benchmark: production-like (DEBUG off, gunicorn, PostgreSQL,
the shared Redis cache as with REDIS_URL), served over plain http on 127.0.0.1, plus the
bench-only URLs (benchmarks.urls) and a middleware that reports each request's SQL query count
in a response header. The harness sets DATABASE_URL (glab_bench_10k, glab_bench_100k) and
REDIS_CACHE_URL (Redis database 10 or 11, which it empties before every measured request)."""

import os
import warnings

os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/glab_bench_10k")
os.environ.setdefault("DB_CONN_MAX_AGE", "600")
os.environ.setdefault("REDIS_CACHE_URL", "redis://127.0.0.1:6379/10")

from glab_portal.settings import *  # noqa: E402,F403
from glab_portal.settings import LOGGING, MIDDLEWARE  # noqa: E402

ROOT_URLCONF = "benchmarks.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DEBUG = False
# Outermost, so the count includes what the portal's middleware asks (session, user, consent).
MIDDLEWARE = ["benchmarks.middleware.QueryCountMiddleware", *MIDDLEWARE]
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
