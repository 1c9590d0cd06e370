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


class ReviewMode(models.TextChoices):
    """Who reviews which entry: every board member every entry, or the entries assigned."""

    ALL = "all", _("Every board member reviews every entry")
    ASSIGNED = "assigned", _("Each entry is assigned to some board members")


class ConflictSource(models.TextChoices):
    DECLARED = "declared", _("Declared by the board member")
    DEPARTMENT = "department", _("Same department as the proposer")


class ConflictDecision(models.TextChoices):
    """The conflict's standing: a declared one counts at once; a department match waits for
    the unit, which confirms it (the member leaves the entry) or dismisses it."""

    CONFIRMED = "confirmed", _("Conflict: the member does not review the entry")
    DISMISSED = "dismissed", _("No conflict: the member may review the entry")


class FeedbackSummary(models.TextChoices):
    """What ``{summary}`` says in the messages to the proposers (``screening.feedback``): never
    a board member's name or own score."""

    RANK_BAND = "rank_band", _("Where the entry ranked among the call's entries (top 10, 25 or 50 per cent, or the rest)")
    SCORE_BAND = "score_band", _("The board's average score, as a band of half a point")
    NONE = "none", _("Nothing: write it in each message yourself")
