"""Test settings: the real settings, with a fixed key and fast, isolated side effects."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("SECURE_COOKIES", "0")
# The consent step at first sign-in is tested on its own (tests/security/test_privacy.py).
os.environ.setdefault("PRIVACY_CONSENT_REQUIRED", "0")

from .settings import *  # noqa: E402,F403
from .settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="glab-test-media-")
# Files on the local disk whatever STORAGE_S3_BUCKET says; tests/core/test_object_storage.py
# and tests/core/test_two_web_processes.py run the object store against an S3 server of their own.
STORAGES = {
    **STORAGES,
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests run Celery eagerly unless a test marked `worker` starts a real worker itself.
CELERY_TASK_ALWAYS_EAGER = True
# WhiteNoise looks for STATIC_ROOT at start-up; tests serve static files through the finders.
STATIC_ROOT = tempfile.mkdtemp(prefix="glab-test-static-")
# Tests keep a per-process cache whatever REDIS_URL says (each test starts with it empty,
# tests/conftest.py); tests/core/test_cache.py runs the Redis cache against a Redis of its own.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
