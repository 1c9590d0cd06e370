"""Settings for G-Lab Portal, read from the environment only (12-factor).

With nothing set the portal runs on an embedded default: an SQLite file, Celery tasks executed
eagerly, email printed to the console. See the configuration table in README.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from glab_portal.env import env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "guardian",
    "simple_history",
    "django_filters",
    "glab_portal.apps.AxesConfig",  # django-axes, named in Korean in the admin
    "core",
    "accounts",
    "notifications",
    "ledger",
    "proposals",
    "screening",
    "routing",
    "labs",
    "people",
    "insight",
    "privacy",
    "api",  # the read-only API (issue 20): its docs page's template and catalogue
    "demodata",
]

MIDDLEWARE = [
    # First: answers /healthz, /readyz and /metrics with none of the work below (probes.py).
    "glab_portal.probes.ProbeMiddleware",
    # Request counts and latency per view (django-prometheus): "Before" first, "After" last.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "privacy.hardening.RequestBodyLimitMiddleware",
    "privacy.hardening.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "glab_portal.middleware.PortalLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "privacy.hardening.ThrottleMiddleware",
    "privacy.middleware.ConsentRequiredMiddleware",
    "privacy.middleware.PersonalDataAccessMiddleware",
    # Last: counts failed sign-ins and answers a locked-out client with the lockout page.
    "axes.middleware.AxesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "glab_portal.urls"
WSGI_APPLICATION = "glab_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["core.templatetags"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "glab_portal.context_processors.header",
            ],
        },
    },
]
# Forms render with the KRDS markup in templates/django/forms/.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"


DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Database roles (docs/deployment.md, "Database roles"): DATABASE_URL is the application role's
# (web, worker, beat); the one-shot migration step connects with MIGRATE_DATABASE_URL, the
# owner role's (manage.py swaps it in for `migrate` and `db_roles`). With DB_APP_ROLE set (by
# manage.py from DATABASE_URL's user when MIGRATE_DATABASE_URL is), every migrate ends by
# granting that role what it needs, the ledger tables only SELECT and INSERT (ledger.roles).
DB_APP_ROLE = os.environ.get("DB_APP_ROLE", "")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out IP or account before any other backend checks a password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Optional directory sign-in (LDAP), configured from the environment only; off when
# LDAP_SERVER_URI is unset. Needs the "ldap" extra (django-auth-ldap). The login form's
# employee number is searched with LDAP_USER_FILTER under LDAP_USER_SEARCH_BASE; the entry's
# LDAP_EMPLOYEE_NUMBER_ATTR names the HR-imported person who is signed in (see docs/hr-import.md).
LDAP_SERVER_URI = os.environ.get("LDAP_SERVER_URI", "")
LDAP_EMPLOYEE_NUMBER_ATTR = os.environ.get("LDAP_EMPLOYEE_NUMBER_ATTR", "employeeNumber")
if LDAP_SERVER_URI:
    try:
        import ldap
        from django_auth_ldap.config import LDAPSearch
    except ImportError as error:
        raise ImproperlyConfigured(
            "LDAP_SERVER_URI is set but django-auth-ldap is not installed (install the 'ldap' extra)."
        ) from error
    if not os.environ.get("LDAP_USER_SEARCH_BASE"):
        raise ImproperlyConfigured("LDAP_USER_SEARCH_BASE must be set when LDAP_SERVER_URI is.")
    AUTH_LDAP_SERVER_URI = LDAP_SERVER_URI
    AUTH_LDAP_BIND_DN = os.environ.get("LDAP_BIND_DN", "")
    AUTH_LDAP_BIND_PASSWORD = os.environ.get("LDAP_BIND_PASSWORD", "")
    AUTH_LDAP_USER_SEARCH = LDAPSearch(
        os.environ["LDAP_USER_SEARCH_BASE"],
        ldap.SCOPE_SUBTREE,
        os.environ.get("LDAP_USER_FILTER", "(employeeNumber=%(user)s)"),
    )
    AUTH_LDAP_START_TLS = env_bool("LDAP_START_TLS", False)
    AUTH_LDAP_CONNECTION_OPTIONS = {
        ldap.OPT_NETWORK_TIMEOUT: env_int("LDAP_TIMEOUT", 5),
        ldap.OPT_TIMEOUT: env_int("LDAP_TIMEOUT", 5),
    }
    # The HR import owns every account: the directory never creates or updates one.
    AUTH_LDAP_NO_NEW_USERS = True
    AUTH_LDAP_ALWAYS_UPDATE_USER = False
    AUTHENTICATION_BACKENDS.insert(
        AUTHENTICATION_BACKENDS.index("django.contrib.auth.backends.ModelBackend"),
        "accounts.backends.DirectoryBackend",
    )
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# guardian: no anonymous user row; object permissions live in direct-foreign-key tables.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded files are never served directly: a permission-checking view streams them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Request bodies above this are refused by Django itself (the web server should cap them too).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
# More than one machine (docs/deployment.md, "Scaling out"): with STORAGE_S3_BUCKET, uploaded
# files live in that private bucket of an S3-compatible store (MinIO, Ceph, a cloud's) instead
# of MEDIA_ROOT, shared by every web server and worker. The portal streams each file through
# its permission-checking views (core.storage.PrivateS3Storage: no ACL, no links). Keys from
# STORAGE_S3_ACCESS_KEY_ID / STORAGE_S3_SECRET_ACCESS_KEY, else boto3's usual chain (AWS_*
# variables, an instance role). STORAGE_S3_VERIFY: 1 (default), 0, or a CA bundle's path.
STORAGE_S3_BUCKET = os.environ.get("STORAGE_S3_BUCKET", "")
if STORAGE_S3_BUCKET:
    from botocore.config import Config as S3ClientConfig

    _s3_verify = os.environ.get("STORAGE_S3_VERIFY", "1")
    _s3_options = {
        "bucket_name": STORAGE_S3_BUCKET,
        "endpoint_url": os.environ.get("STORAGE_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("STORAGE_S3_REGION", "us-east-1"),
        "location": os.environ.get("STORAGE_S3_PREFIX", "").strip("/"),
        # MinIO and most on-premises stores want path-style addressing (no bucket subdomain).
        "addressing_style": os.environ.get("STORAGE_S3_ADDRESSING_STYLE", "path"),
        "verify": None if _s3_verify in ("1", "") else (False if _s3_verify == "0" else _s3_verify),
        # A download larger than this is buffered in a temporary file, not in memory.
        "max_memory_size": FILE_UPLOAD_MAX_MEMORY_SIZE,
        # A store that does not answer fails a request (and /readyz) in seconds, not minutes.
        "client_config": S3ClientConfig(
            connect_timeout=env_int("STORAGE_S3_CONNECT_TIMEOUT", 3),
            read_timeout=env_int("STORAGE_S3_READ_TIMEOUT", 30),
            retries={"max_attempts": 2, "mode": "standard"},
        ),
    }
    for _option, _variable in (
        ("access_key", "STORAGE_S3_ACCESS_KEY_ID"),
        ("secret_key", "STORAGE_S3_SECRET_ACCESS_KEY"),
    ):
        if os.environ.get(_variable):
            _s3_options[_option] = os.environ[_variable]
    STORAGES["default"] = {"BACKEND": "core.storage.PrivateS3Storage", "OPTIONS": _s3_options}

# Email: console by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "G-Lab <glab@localhost>")
# Links in email. `make run` and `make stack` set it from the port they serve on when unset.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")

# Monitoring (docs/deployment.md, "Monitoring"): /healthz and /readyz answer anyone; /metrics
# only a request with `Authorization: Bearer METRICS_TOKEN` and/or from METRICS_ALLOWED_ADDRESSES
# (addresses or networks, comma-separated); both set, both must hold; neither set, it is off.
# Everyone else gets 404.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_ADDRESSES = env_list("METRICS_ALLOWED_ADDRESSES")
# Request latency buckets (seconds) of django-prometheus's histograms, fine enough for a p95.
PROMETHEUS_LATENCY_BUCKETS = (
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    0.75,
    1.0,
    2.5,
    5.0,
    10.0,
    30.0,
    float("inf"),
)

# Decision ledger anchors (docs/security.md, "Decision ledger"): each checkpoint's head, signed
# with the Ed25519 key in LEDGER_SIGNING_KEY_FILE (outside the database; `manage.py
# ledger_keygen PATH` makes one), appended to LEDGER_ANCHOR_FILE and emailed to LEDGER_AUDITORS.
# No key file → no anchors (the development default). LEDGER_PUBLIC_KEY (base64) is what
# `verify_ledger --anchors` checks signatures with.
LEDGER_SIGNING_KEY_FILE = os.environ.get("LEDGER_SIGNING_KEY_FILE", "")
LEDGER_ANCHOR_FILE = os.environ.get("LEDGER_ANCHOR_FILE", "")
LEDGER_AUDITORS = env_list("LEDGER_AUDITORS")
LEDGER_PUBLIC_KEY = os.environ.get("LEDGER_PUBLIC_KEY", "")


# Cache: with REDIS_URL, one Redis cache shared by every worker and machine (page-data caches,
# POST throttles), in its own Redis database so clearing it never touches the broker's queues:
# REDIS_CACHE_URL, or REDIS_URL with the next database number. core.cache.ResilientRedisCache
# answers from a process-local cache while Redis is down (a miss, never an error), with socket
# timeouts short enough that an outage costs a request at most a fraction of a second.
# Without REDIS_URL: Django's per-process local memory cache. Sessions stay in the database.
def _next_redis_db(url: str) -> str:
    base, _, db = url.rpartition("/")
    if base.endswith(":") or not db.isdigit():  # redis://host:port with no database
        return url.rstrip("/") + "/1"
    return f"{base}/{(int(db) + 1) % 16}"


_REDIS_FOR_CACHE = os.environ.get("REDIS_CACHE_URL", "") or (
    _next_redis_db(os.environ["REDIS_URL"]) if os.environ.get("REDIS_URL") else ""
)
CACHE_SOCKET_TIMEOUT = float(os.environ.get("CACHE_SOCKET_TIMEOUT", "0.25"))
CACHE_OPTIONS = {
    "socket_connect_timeout": CACHE_SOCKET_TIMEOUT,
    "socket_timeout": CACHE_SOCKET_TIMEOUT,
    "retry_on_timeout": False,
}
if _REDIS_FOR_CACHE:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": _REDIS_FOR_CACHE,
            "KEY_PREFIX": "glab",
            "OPTIONS": CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery, the outbox, reminders and beat's schedule (glab_portal/settings_tasks.py).
from glab_portal.settings_tasks import *  # noqa: E402,F403

CELERY_TIMEZONE = TIME_ZONE


# --- Security (docs/security.md) ---------------------------------------------------------------
# Sessions stay in the database (Django's db engine), read with one fixed SQL statement.
SESSION_ENGINE = "glab_portal.sessions"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 9 * 60 * 60)  # one office day
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# https only: secure cookies, the redirect to https and HSTS go together. SECURE_COOKIES=0 (a
# plain-http development or test setup) turns all three off unless they are set on their own.
HTTPS_ONLY = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
# htmx sends the token from the page (base.html), so no script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS_ONLY)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS_ONLY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is a decision for the whole domain (e.g. every *.example.go.kr), not this portal's;
# so it is off unless set, and its deploy-check warning is silenced below.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The portal runs behind the office proxy (docs/deployment.md), which terminates TLS and sets
# X-Forwarded-Proto / X-Forwarded-For. Trusted only when it is there: gunicorn must listen on
# 127.0.0.1 (or a private socket) so nobody can reach it around the proxy.
BEHIND_PROXY = env_bool("BEHIND_PROXY", HTTPS_ONLY)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload: see SECURE_HSTS_PRELOAD above
# Content Security Policy (privacy.hardening.ContentSecurityPolicyMiddleware). No inline script
# or style anywhere in the templates; the one inline <style> htmx adds for its request
# indicator is allowed by its hash.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'sha256-faU7yAF8NxuMTNEwVmBz+VcYeIoBQ2EMHW3WaVxCvnk='"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Request bodies: Django refuses form data above DATA_UPLOAD_MAX_MEMORY_SIZE (400) and any body
# above REQUEST_BODY_MAX_BYTES (413, before it is read). Keep nginx's client_max_body_size equal.
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_BYTES", 12 * 1024 * 1024)
# Attachments (docs/security.md, "Attachment limits"): per proposal at most this many files and
# this many MB in all; a zip container (docx, xlsx, pptx, hwpx) is decompressed to check it and
# refused past this many MB unpacked or when one member expands more than this ratio.
PROPOSAL_MAX_ATTACHMENTS = env_int("PROPOSAL_MAX_ATTACHMENTS", 10)
PROPOSAL_MAX_TOTAL_MB = env_int("PROPOSAL_MAX_TOTAL_MB", 50)
ARCHIVE_MAX_UNPACKED_MB = env_int("ARCHIVE_MAX_UNPACKED_MB", 100)
ARCHIVE_MAX_RATIO = env_int("ARCHIVE_MAX_RATIO", 100)
# The board's copy of each attachment (docs/security.md, "Files the board sees") is computed in
# a child process per file, killed past this many seconds or this much address space.
SCRUB_TIMEOUT_SECONDS = env_int("SCRUB_TIMEOUT_SECONDS", 20)
SCRUB_MEMORY_MB = env_int("SCRUB_MEMORY_MB", 1024)
# Throttled POSTs (privacy.hardening.ThrottleMiddleware; docs/security.md, "Launch day"):
# url name -> {scope: (attempts, seconds)}. Scopes: "account" (the submitted employee number,
# else the email), "account_address" (that account from one client address) and "address" (one
# client address whatever the account). A whole office reaches the portal from one address, so
# the address limit is one a morning of 5,000 people asking twice never reaches; the per-account
# limits are what stop a flood against one person.
THROTTLE_WINDOW = env_int("THROTTLE_WINDOW_MINUTES", 60) * 60
THROTTLE_PER_ADDRESS = env_int("THROTTLE_PER_ADDRESS", 10_000)
LINK_THROTTLE_PER_ACCOUNT = env_int("LINK_THROTTLE_PER_ACCOUNT", 10)
LINK_THROTTLE_PER_ACCOUNT_ADDRESS = env_int("LINK_THROTTLE_PER_ACCOUNT_ADDRESS", 5)
THROTTLED_POSTS = {
    # The emailed-link form: the first sign-in of an HR-imported person and a forgotten password.
    "accounts:password-reset": {
        "account": (LINK_THROTTLE_PER_ACCOUNT, THROTTLE_WINDOW),
        "account_address": (LINK_THROTTLE_PER_ACCOUNT_ADDRESS, THROTTLE_WINDOW),
        "address": (THROTTLE_PER_ADDRESS, THROTTLE_WINDOW),
    },
    # Sign-in: accounts are django-axes' (below); this only caps one address's sign-in POSTs.
    "accounts:login": {"address": (THROTTLE_PER_ADDRESS, THROTTLE_WINDOW)},
}

# django-axes: failed sign-ins counted per (account, address) and per account, never per address
# alone: one person's typos never lock out a colleague behind the same office address, and
# guessing one account's password from many addresses is still stopped.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "privacy/lockout.html"
AXES_CLIENT_IP_CALLABLE = "privacy.hardening.client_ip"
AXES_VERBOSE = False
AXES_HTTP_RESPONSE_CODE = 429

# Privacy (privacy/, docs/privacy.md): the notice version people consent to at first sign-in;
# a new version asks everyone again.
# 2026-2: the idea bank, calendar addresses, notification settings, API tokens and correction
# requests (issue 20) are new personal data, so everyone is asked to accept the notice again.
PRIVACY_NOTICE_VERSION = os.environ.get("PRIVACY_NOTICE_VERSION", "2026-2")
PRIVACY_CONSENT_REQUIRED = env_bool("PRIVACY_CONSENT_REQUIRED", True)
# The privacy officer (개인정보 보호책임자) the notice names, as the Personal Information Protection
# Act asks: name, position or department, and a phone number or email address.
PRIVACY_OFFICER_NAME = os.environ.get("PRIVACY_OFFICER_NAME", "")
PRIVACY_OFFICER_POSITION = os.environ.get("PRIVACY_OFFICER_POSITION", "")
PRIVACY_OFFICER_CONTACT = os.environ.get("PRIVACY_OFFICER_CONTACT", "")

# A 4xx answer is logged as one line (method, path, status, user id), a 5xx with its traceback
# (core.request_log). The filter sits on the handler so it sees every django.security.* logger.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_errors_on_one_line": {"()": "core.request_log.ClientErrorsOnOneLine"},
        # No log line holds a calendar address or an API token (core.secret_tokens.redact).
        "redact_secrets": {"()": "core.request_log.RedactSecrets"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client_errors_on_one_line", "redact_secrets"]},
        # runserver's request lines (development): Django gives them a handler of their own.
        "server_console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's default handlers on "django" (a DEBUG-only console without the filter, and
    # mail_admins, idle with no ADMINS) are dropped: its records reach the root's console once.
    "loggers": {
        "django": {"handlers": [], "level": "INFO"},
        "django.db.backends": {"level": "INFO"},
        "django.server": {"handlers": ["server_console"], "level": "INFO", "propagate": False},
    },
}
