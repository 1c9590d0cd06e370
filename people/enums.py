from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    """Where an HR import stands. A preview that rejected any row can never be applied."""

    CHECKING = "checking", _("Checking")
    PREVIEWED = "previewed", _("Ready to apply")
    REJECTED = "rejected", _("Rejected")
    APPLYING = "applying", _("Applying")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed")


RUNNING_STATUSES = (ImportStatus.CHECKING, ImportStatus.APPLYING)


class ImportKind(models.TextChoices):
    """A full export lists everyone: people and departments missing from it are deactivated
    and closed. A partial one only changes the rows it contains."""

    FULL = "full", _("Full export")
    PARTIAL = "partial", _("Changes only")


class ImportOrigin(models.TextChoices):
    WEB = "web", _("Upload page")
    COMMAND = "command", _("Management command")
