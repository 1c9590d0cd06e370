from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import RUNNING_STATUSES, ImportKind, ImportOrigin, ImportStatus


class ImportRecord(models.Model):
    """One import of the HR system's export: the stored files with their SHA-256, the
    dry-run preview and, once applied, who applied it and what changed.

    The preview (``preview``) is what the innovation unit saw; ``plan_digest`` fingerprints
    it so that applying re-reads the same stored files and refuses if the outcome would
    differ from what was previewed."""

    kind = models.CharField(_("kind"), max_length=10, choices=ImportKind.choices)
    origin = models.CharField(_("origin"), max_length=10, choices=ImportOrigin.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    org_file = models.FileField(_("org chart file"), upload_to="hr_imports/%Y/%m/", blank=True)
    org_file_name = models.CharField(_("org chart file name"), max_length=255, blank=True)
    org_sha256 = models.CharField(_("org chart SHA-256"), max_length=64, blank=True)
    staff_file = models.FileField(_("staff list file"), upload_to="hr_imports/%Y/%m/", blank=True)
    staff_file_name = models.CharField(_("staff list file name"), max_length=255, blank=True)
    staff_sha256 = models.CharField(_("staff list SHA-256"), max_length=64, blank=True)

    total_rows = models.PositiveIntegerField(_("rows read"), default=0)
    departments_created = models.PositiveIntegerField(_("departments created"), default=0)
    departments_changed = models.PositiveIntegerField(_("departments changed"), default=0)
    departments_closed = models.PositiveIntegerField(_("departments closed"), default=0)
    people_created = models.PositiveIntegerField(_("people created"), default=0)
    people_changed = models.PositiveIntegerField(_("people changed"), default=0)
    people_deactivated = models.PositiveIntegerField(_("people deactivated"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rows rejected"), default=0)

    preview = models.JSONField(_("preview"), default=dict, blank=True)
    plan_digest = models.CharField(_("preview fingerprint"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    class Meta:
        verbose_name = _("HR import")
        verbose_name_plural = _("HR imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        names = " + ".join(n for n in (self.org_file_name, self.staff_file_name) if n)
        return f"{self.label} {names}".strip()

    def get_absolute_url(self) -> str:
        return reverse("people:import-detail", kwargs={"pk": self.pk})

    @property
    def label(self) -> str:
        """What people call an import: "HR import of 2026-12-07 10:30" (its upload time)."""
        from core.templatetags import local_datetime

        return _("HR import of %(uploaded)s") % {"uploaded": local_datetime(self.created_at)}

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def can_apply(self) -> bool:
        return self.status == ImportStatus.PREVIEWED

    @property
    def change_count(self) -> int:
        return (
            self.departments_created
            + self.departments_changed
            + self.departments_closed
            + self.people_created
            + self.people_changed
            + self.people_deactivated
        )
