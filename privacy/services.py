"""Writes of the privacy app: consent, the personal-data access log, anonymisation."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from core.secret_tokens import redact

from .models import PersonalDataAccess, PrivacyConsent

# The session remembers that its person accepted the current notice (their id and the notice
# version), so pages after the first ask the database nothing; a new notice version no longer
# matches, and a consent row deleted later drops the mark from the person's sessions
# (``consent_forget``).
CONSENT_SESSION_KEY = "privacy_consent"


def _consent_mark(user) -> str:
    return f"{user.pk}:{settings.PRIVACY_NOTICE_VERSION}"


def consent_required(user, session=None) -> bool:
    """True when the signed-in person has not accepted the current privacy notice. With the
    request's ``session``, a consent found is remembered there and a missing one forgotten."""
    if not (getattr(settings, "PRIVACY_CONSENT_REQUIRED", True) and user.is_authenticated):
        return False
    mark = _consent_mark(user)
    if session is not None and session.get(CONSENT_SESSION_KEY) == mark:
        return False
    required = not PrivacyConsent.objects.filter(
        user=user, notice_version=settings.PRIVACY_NOTICE_VERSION
    ).exists()
    if session is not None:
        if required:
            session.pop(CONSENT_SESSION_KEY, None)
        else:
            session[CONSENT_SESSION_KEY] = mark
    return required


def consent_record(*, user, session=None) -> PrivacyConsent:
    """Records that ``user`` accepted the current notice version (and remembers it in their
    ``session``). Idempotent: a second accept (double click, two tabs) returns the first record."""
    version = settings.PRIVACY_NOTICE_VERSION
    try:
        with transaction.atomic():
            consent = PrivacyConsent.objects.create(user=user, notice_version=version)
    except IntegrityError:
        consent = PrivacyConsent.objects.get(user=user, notice_version=version)
    if session is not None:
        session[CONSENT_SESSION_KEY] = _consent_mark(user)
    return consent


def consent_forget(user_id: int) -> None:
    """Drops the consent mark from every stored session of this person, so their next page
    asks the database again (after a consent row is deleted: rare, so reading every live
    session is acceptable)."""
    engine = import_module(settings.SESSION_ENGINE)
    if not hasattr(engine.SessionStore, "get_model_class"):
        return
    model = engine.SessionStore.get_model_class()
    store = engine.SessionStore()
    for row in model.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = row.get_decoded()
        if CONSENT_SESSION_KEY in data and str(data.get(SESSION_KEY)) == str(user_id):
            data.pop(CONSENT_SESSION_KEY)
            # The data only: the session keeps its expiry (a save would extend it).
            model.objects.filter(pk=row.pk).update(session_data=store.encode(data))


@receiver(user_logged_in, dispatch_uid="privacy-consent-at-sign-in")
def _signed_in(sender, request, user, **kwargs):
    """A sign-in looks the consent up once, so the new session starts with the mark."""
    session = getattr(request, "session", None)
    if session is not None:
        consent_required(user, session)


@receiver(post_delete, sender=PrivacyConsent, dispatch_uid="privacy-consent-deleted")
def _consent_deleted(sender, instance, **kwargs):
    user_id = instance.user_id
    transaction.on_commit(lambda: consent_forget(user_id))


def log_access(
    *,
    user,
    what: str,
    object_type: str = "",
    object_id: int | None = None,
    path: str = "",
    ip_address: str | None = None,
) -> PersonalDataAccess:
    """Appends one row to the personal-data access log: ``user`` opened ``what`` (a URL name
    such as ``proposals:attachment-download``) about ``object_type``/``object_id``."""
    return PersonalDataAccess.objects.create(
        user=user,
        user_id_at_access=user.pk,
        what=what[:100],
        object_type=object_type,
        object_id=object_id,
        path=redact(path)[:500],  # no calendar address or API token in the log (issue 20)
        ip_address=ip_address or None,
    )
