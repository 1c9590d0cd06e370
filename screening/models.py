"""The screening of a call: its rubric, the board's reviews and the decision's record.

Board membership is a guardian grant on the call (``proposals.screen_call``); the call's phase
(closed → screening → decided) lives on the call and changes only through
``proposals.services.call_set_phase``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .enums import ConflictDecision, ConflictSource, FeedbackSummary, ReviewMode, ScoreVisibility

DEFAULT_RUBRIC = (
    # (name, description, weight): the program's aims, as the innovation unit announced them.
    (_("Innovativeness"), _("How new the idea is for the provincial administration."), 30),
    (_("Feasibility"), _("Whether a small lab can carry it out within 3 to 6 months."), 25),
    (
        _("Benefit to citizens and public value"),
        _("How directly citizens would feel the improvement."),
        25,
    ),
    (_("Challenge and potential"), _("How bold the task is and how far it could grow."), 20),
)


class Screening(models.Model):
    """The settings and the decision record of one call's screening."""

    call = models.OneToOneField(
        "proposals.Call", verbose_name=_("call"), on_delete=models.PROTECT, related_name="screening"
    )
    deadline = models.DateTimeField(_("screening deadline"))
    selection_count = models.PositiveSmallIntegerField(
        _("number of tasks to select"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    is_blind = models.BooleanField(
        _("blind review"),
        default=True,
        help_text=_("Proposer names and departments are hidden from the board everywhere."),
    )
    score_visibility = models.CharField(
        _("board members see the others' scores"),
        max_length=10,
        choices=ScoreVisibility.choices,
        default=ScoreVisibility.AFTER_OWN,
    )
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
        help_text=_("Each criterion is scored from 1 to this number."),
    )
    review_mode = models.CharField(
        _("who reviews which entry"),
        max_length=10,
        choices=ReviewMode.choices,
        default=ReviewMode.ALL,
        editable=False,
    )
    reviews_per_entry = models.PositiveSmallIntegerField(
        _("board members per entry"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        editable=False,
        help_text=_(
            "With assigned reviews: each entry is assigned to at least this many board members."
        ),
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True, editable=False)
    # Set once by ``criteria_publish``: from then on the criteria are on the call's page and
    # cannot change (``rubric_update`` refuses).
    criteria_published_at = models.DateTimeField(_("criteria published"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    rationale = models.TextField(_("rationale for the selection"), blank=True, editable=False)
    deviation_reason = models.TextField(
        _("reason for departing from the ranking"), blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["-call__closes_at"]

    def __str__(self) -> str:
        return str(self.call)

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None


class Criterion(models.Model):
    """One line of the rubric: scored 1…``scale_max`` and weighted in the aggregate."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=100)
    description = models.CharField(_("what to look for"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=25, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # What each level means: item n - 1 for level n (1…``scale_max``), "" for a level without
    # one. Written by ``services.criterion_levels_update``; read by ``level_meanings``.
    levels = models.JSONField(_("what each level means"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    def level_meanings(self, scale_max: int) -> list[tuple[int, str]]:
        """(level, meaning) for each level 1…``scale_max``; "" where none is written."""
        stored = [str(m) for m in self.levels] if isinstance(self.levels, list) else []
        return [(n, stored[n - 1] if n <= len(stored) else "") for n in range(1, scale_max + 1)]


class Review(models.Model):
    """One board member's review of one entry: a score per criterion, or an abstention."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="reviews")
    proposal = models.ForeignKey(
        "proposals.Proposal", verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("board member"),
        on_delete=models.PROTECT,
        related_name="screening_reviews",
    )
    abstained = models.BooleanField(_("abstained"), default=False)
    abstain_reason = models.TextField(_("reason for abstaining"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["proposal_id", "reviewer_id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="review_one_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} / {self.reviewer}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_one_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class OutsideEvaluator(models.Model):
    """A board member from outside the provincial office: a local account without a
    department, with the affiliation kept here."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outside_evaluator"
    )
    affiliation = models.CharField(_("affiliation"), max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("outside evaluator")
        verbose_name_plural = _("outside evaluators")
        ordering = ["user__full_name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.affiliation})"


class EntryScore(models.Model):
    """The summary of one entry's reviews that the ranking reads (one row per reviewed entry;
    an entry without a row has no review). Kept by ``screening.summaries`` in the transaction
    of every write to its reviews and scores, rebuilt by ``manage.py rebuild_summaries``."""

    proposal = models.OneToOneField(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="entry_score",
    )
    screening = models.ForeignKey(
        Screening, verbose_name=_("screening"), on_delete=models.CASCADE, related_name="entry_scores"
    )
    # Non-abstaining reviews with scores.
    review_count = models.PositiveIntegerField(_("reviews with scores"), default=0)
    abstentions = models.PositiveIntegerField(_("abstentions"), default=0)
    # Σ of the review totals (weighted means) and of their squares (for the spread).
    total_sum = models.FloatField(_("sum of the review totals"), default=0)
    total_square_sum = models.FloatField(_("sum of the squared review totals"), default=0)
    # The mean total rounded to 6 places; NULL while unscored.
    score = models.FloatField(_("score"), null=True)
    # {"<criterion pk>": [Σ scores, n]}
    criterion_sums = models.JSONField(_("sums per criterion"), default=dict)

    class Meta:
        verbose_name = _("entry score")
        verbose_name_plural = _("entry scores")
        indexes = [models.Index(fields=["screening", "score"], name="entry_score_ranking")]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.score}"


class Assignment(models.Model):
    """An entry assigned to a board member (read when the screening's ``review_mode`` is
    "assigned"). Written only by ``services.assignments``."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="assignments")
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("board member"),
        on_delete=models.PROTECT,
        related_name="screening_assignments",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["proposal_id", "member_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "member"], name="assignment_one_per_member"
            ),
        ]
        indexes = [models.Index(fields=["member", "proposal"], name="assignment_by_member")]

    def __str__(self) -> str:
        return f"{self.proposal_id} → {self.member_id}"


class Conflict(models.Model):
    """A conflict of interest between a board member and an entry, beyond the relation's own
    (proposer, co-proposer: ``permissions.conflict_q``): declared by the member with a reason
    (counts at once), or a department match the unit decided on (confirmed or dismissed).
    A department match without a row is pending (``conflicts.department_flags``)."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="conflicts")
    proposal = models.ForeignKey(
        "proposals.Proposal", verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("board member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=10, choices=ConflictSource.choices)
    reason = models.TextField(_("reason"), blank=True)
    decision = models.CharField(_("decision on the conflict"), max_length=10, choices=ConflictDecision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["proposal_id", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "member"], name="conflict_one_per_member"),
        ]
        indexes = [models.Index(fields=["member", "decision"], name="conflict_by_member")]

    def __str__(self) -> str:
        return f"{self.proposal_id} × {self.member_id}: {self.decision}"


class FeedbackSet(models.Model):
    """The innovation unit's messages to the proposers of one decided screening (결과 안내): a
    template per outcome with fields (``screening.feedback``), the summary the unit chose, and
    when all of them were released (once; read-only from then on)."""

    screening = models.OneToOneField(
        Screening, verbose_name=_("screening"), on_delete=models.CASCADE, related_name="feedback_set"
    )
    selected_template = models.TextField(_("message to selected proposals"))
    not_selected_template = models.TextField(_("message to proposals not selected"))
    summary = models.CharField(
        _("review summary"), max_length=20, choices=FeedbackSummary.choices, default=FeedbackSummary.RANK_BAND
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True, editable=False)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("feedback to proposers")
        verbose_name_plural = _("feedback to proposers")

    def __str__(self) -> str:
        return str(self.screening)

    @property
    def is_released(self) -> bool:
        return self.released_at is not None


class Feedback(models.Model):
    """One proposal's message. Before the release a row exists only where the unit edited the
    message by hand (the others follow the template); the release writes every entry's final
    text here, and that is what its authors read."""

    feedback_set = models.ForeignKey(FeedbackSet, on_delete=models.CASCADE, related_name="messages")
    proposal = models.OneToOneField(
        "proposals.Proposal", verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="feedback_message"
    )
    body = models.TextField(_("message"))
    edited = models.BooleanField(_("edited by hand"), default=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("feedback message")
        verbose_name_plural = _("feedback messages")
        ordering = ["proposal__reference"]

    def __str__(self) -> str:
        return str(self.proposal)
