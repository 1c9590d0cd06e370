from django.db import models
from django.utils.translation import gettext_lazy as _


class ScoreVisibility(models.TextChoices):
    """When a board member may see the other members' scores on an entry."""

    NEVER = "never", _("Never")
    AFTER_OWN = "after_own", _("After filing their own review")
    ALWAYS = "always", _("Always")


class ReviewState(models.TextChoices):
    """A board member's progress on one entry (the workspace filter)."""

    TODO = "todo", _("Not yet scored")
    SCORED = "scored", _("Scored")
    ABSTAINED = "abstained", _("Abstained")
