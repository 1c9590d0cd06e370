"""Privacy records (개인정보 보호법): consent to the privacy notice, who opened personal data,
and which calls had their personal data anonymised."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
