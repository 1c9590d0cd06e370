"""Privacy records (개인정보 보호법): consent to the privacy notice, who opened personal data,
which calls had their personal data anonymised, and people's requests to correct their data."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.personal_data import personal_data_sections

from .enums import CORRECTION_TONES, CorrectionStatus


class PrivacyConsent(models.Model):
    """A person accepted a version of the privacy notice (once per version)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="privacy_consents",
    )
    notice_version = models.CharField(_("notice version"), max_length=20)
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("privacy consent")
        verbose_name_plural = _("privacy consents")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "notice_version"], name="privacy_consent_once_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.notice_version}"


class PersonalDataAccess(models.Model):
    """Someone opened or downloaded personal data: an attachment, an export, a print-out.

    Written only by ``privacy.services.log_access``; never changed. ``user`` is kept as a plain
    id as well, so the record survives the account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user_id_at_access = models.BigIntegerField(_("person id"))
    what = models.CharField(_("what"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.BigIntegerField(_("object id"), null=True, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    accessed_at = models.DateTimeField(_("accessed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-accessed_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.accessed_at:%Y-%m-%d %H:%M} {self.what}"


class AnonymisedCall(models.Model):
    """A call whose personal data was anonymised after the retention period (one row per call;
    the command skips calls that have one)."""

    call = models.OneToOneField(
        "proposals.Call", verbose_name=_("call"), on_delete=models.CASCADE, related_name="+"
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), auto_now_add=True)
    retention_days = models.PositiveIntegerField(_("retention period (days)"))
    proposals = models.PositiveIntegerField(_("proposals"))
    coproposers_removed = models.PositiveIntegerField(_("co-proposers removed"))
    attachments_removed = models.PositiveIntegerField(_("attachments removed"))
    notifications_removed = models.PositiveIntegerField(_("notifications removed"))

    class Meta:
        verbose_name = _("anonymised call")
        verbose_name_plural = _("anonymised calls")
        ordering = ["-anonymised_at"]

    def __str__(self) -> str:
        return str(self.call)


class CorrectionRequest(models.Model):
    """A person asks the innovation unit to correct something the portal holds about them
    (개인정보 정정 요구, PIPA 제36조): what is wrong and what it should be. The unit handles it
    within ``HANDLE_WITHIN_DAYS`` (corrected, or refused with the reason); the person is told.
    Written only by ``privacy.corrections``; every change is in the history."""

    HANDLE_WITHIN_DAYS = 10

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="correction_requests",
    )
    section = models.CharField(_("about"), max_length=50, blank=True)
    what_is_wrong = models.TextField(_("what is wrong"))
    should_be = models.TextField(_("what it should be"))
    status = models.CharField(
        _("status"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING
    )
    submitted_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    outcome = models.TextField(_("what was done or why not"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.requester} · {timezone.localtime(self.submitted_at):%Y-%m-%d}"

    @property
    def due_at(self):
        """When the unit must have answered (the Act's 10 days from the request)."""
        return self.submitted_at + timedelta(days=self.HANDLE_WITHIN_DAYS)

    @property
    def is_open(self) -> bool:
        return self.status == CorrectionStatus.PENDING

    @property
    def tone(self) -> str:
        """The badge colour of the status (for ``{% badge %}``)."""
        return CORRECTION_TONES.get(self.status, "neutral")

    @property
    def section_title(self) -> str:
        """What the request is about, in words: the section's title, or "Something else"."""
        titles = {s.slug: s.title for s in personal_data_sections()}
        return str(titles.get(self.section) or _("Something else"))
