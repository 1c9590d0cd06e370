from django.db import models
from django.utils.translation import gettext_lazy as _


class CorrectionStatus(models.TextChoices):
    """Where a correction request stands: waiting for the unit, or handled either way."""

    PENDING = "pending", _("Waiting")
    CORRECTED = "corrected", _("Corrected")
    REFUSED = "refused", _("Not corrected")


CORRECTION_TONES = {
    CorrectionStatus.PENDING: "warning",
    CorrectionStatus.CORRECTED: "success",
    CorrectionStatus.REFUSED: "neutral",
}
