"""Correction requests (개인정보 정정 요구, PIPA 제36조): the services, one per change.

A person asks (``correction_submit``) from their "my data" page; the innovation unit is told
and answers within ten days (``correction_handle``): corrected, saying what was changed, or
not corrected, with the reason. The person is told either way and sees the outcome on their
page. The request itself changes nothing: the unit corrects the data where it lives (the HR
system for an imported account's name, email, department and grade, which the next HR import
brings in; the admin for a local account; the pages of the app that holds anything else) and
records here what it did. Every change is in the request's history (django-simple-history)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import is_innovation_unit
from accounts.selectors import innovation_unit_members
from core.history import record_change_author
from core.personal_data import personal_data_sections
from notifications.services import notify
from proposals.services.common import clean_text

from .enums import CorrectionStatus
from .models import CorrectionRequest

TEXT_LIMIT = 2000


def _text(value: str, *, empty_message: str) -> str:
    text = clean_text(value or "").strip()
    if not text:
        raise ValidationError(empty_message)
    if len(text) > TEXT_LIMIT:
        raise ValidationError(_("Write at most %(limit)s characters.") % {"limit": TEXT_LIMIT})
    return text


@transaction.atomic
def correction_submit(*, by, section: str, what_is_wrong: str, should_be: str) -> CorrectionRequest:
    """Stores the request of ``by`` about their own data and tells the innovation unit (one
    notification each, with the date the answer is due). ``section``: a registered section's
    slug, or empty for "something else"."""
    if not (by.is_authenticated and by.is_active):
        raise PermissionDenied
    if section and section not in {s.slug for s in personal_data_sections()}:
        raise ValidationError({"section": _("Choose what the request is about from the list.")})
    correction = CorrectionRequest(
        requester=by,
        section=section,
        what_is_wrong=_text(what_is_wrong, empty_message=_("Write what is wrong.")),
        should_be=_text(should_be, empty_message=_("Write what it should be.")),
    )
    record_change_author(correction, by)
    correction.save()
    notify(
        kind="privacy_correction_requested",
        recipients=[member for member in innovation_unit_members() if member.pk != by.pk],
        about=correction,
        context={"correction": correction, "due_on": timezone.localdate(correction.due_at)},
        url=reverse("privacy:correction-detail", args=[correction.pk]),
    )
    return correction


def may_handle(user, correction: CorrectionRequest) -> bool:
    """The innovation unit handles requests, but nobody their own."""
    return is_innovation_unit(user) and correction.requester_id != user.pk


@transaction.atomic
def correction_handle(*, correction: CorrectionRequest, by, corrected: bool, outcome: str) -> CorrectionRequest:
    """Records the unit's answer to a waiting request: corrected (``outcome`` says what was
    changed) or refused (``outcome`` is the reason). Tells the requester once. A handled
    request is not handled again."""
    if not may_handle(by, correction):
        raise PermissionDenied
    correction = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
    if not correction.is_open:
        raise ValidationError(_("This request has already been handled."))
    empty = _("Write what was corrected.") if corrected else _("Write why the data is not corrected.")
    correction.outcome = _text(outcome, empty_message=empty)
    correction.status = CorrectionStatus.CORRECTED if corrected else CorrectionStatus.REFUSED
    correction.handled_by = by
    correction.handled_at = timezone.now()
    record_change_author(correction, by)
    correction.save()
    notify(
        kind="privacy_correction_handled",
        recipients=[correction.requester],
        about=correction,
        context={"correction": correction, "corrected": corrected},
        url=reverse("privacy:my-data") + "#corrections-heading",
    )
    return correction


@transaction.atomic
def corrections_purge(*, now=None) -> int:
    """Deletes the requests answered more than ``CORRECTION_RETENTION_DAYS`` ago (three years by
    default: the record that a request was answered in time), with their history; returns how
    many. Waiting requests are never deleted. Run daily by ``privacy.tasks``."""
    before = (now or timezone.now()) - timedelta(days=settings.CORRECTION_RETENTION_DAYS)
    old = CorrectionRequest.objects.filter(handled_at__lt=before)
    ids = list(old.values_list("pk", flat=True))
    deleted, _by_model = old.delete()
    CorrectionRequest.history.model.objects.filter(id__in=ids).delete()
    return deleted
