"""Writes of the privacy app: consent, the personal-data access log, anonymisation."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction

from .models import PersonalDataAccess, PrivacyConsent


def consent_required(user) -> bool:
    """True when the signed-in person has not accepted the current privacy notice."""
    if not (getattr(settings, "PRIVACY_CONSENT_REQUIRED", True) and user.is_authenticated):
        return False
    return not PrivacyConsent.objects.filter(user=user, notice_version=settings.PRIVACY_NOTICE_VERSION).exists()


def consent_record(*, user) -> PrivacyConsent:
    """Records that ``user`` accepted the current notice version. Idempotent: a second accept
    (double click, two tabs) returns the first record."""
    version = settings.PRIVACY_NOTICE_VERSION
    try:
        with transaction.atomic():
            return PrivacyConsent.objects.create(user=user, notice_version=version)
    except IntegrityError:
        return PrivacyConsent.objects.get(user=user, notice_version=version)


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
        path=path[:500],
        ip_address=ip_address or None,
    )
