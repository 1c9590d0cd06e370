"""Settings for the web processes tests/core/test_two_web_processes.py starts: the real
settings (so STORAGE_S3_*, REDIS_URL and DATABASE_URL from the environment decide storage,
cache and database exactly as in production), with the test suite's password hasher (the
test process makes the accounts) and static files without a collected manifest."""

import os

os.environ.setdefault("SECRET_KEY", "two-web-processes-test-key")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("PRIVACY_CONSENT_REQUIRED", "0")

from glab_portal.settings import *  # noqa: E402,F403
from glab_portal.settings import STORAGES  # noqa: E402

ALLOWED_HOSTS = ["127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
