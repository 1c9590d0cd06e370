from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .enums import STATUS_TONES, ReviewVerdict, RoutingEventKind, RoutingStatus

DEFAULT_ANSWER_DUE_DAYS = 14


class CallRoutingSettings(models.Model):
    """Routing settings of one call; created the first time the innovation unit changes them."""

    call = models.OneToOneField(
        "proposals.Call",
        on_delete=models.CASCADE,
        related_name="routing_settings",
        verbose_name=_("call"),
    )
    answer_due_days = models.PositiveSmallIntegerField(
        _("days for the department to answer"),
        default=DEFAULT_ANSWER_DUE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("call routing settings")
        verbose_name_plural = _("call routing settings")

    def __str__(self) -> str:
        return str(self.call)


class AnswerTemplate(models.Model):
    """A reusable verdict text for the practical-effect review (used singly or in bulk)."""

    title = models.CharField(_("title"), max_length=100)
    verdict = models.CharField(
        pgettext_lazy("routing", "verdict"), max_length=20, choices=ReviewVerdict.choices
    )
    body = models.TextField(_("text"))
    is_active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(pgettext_lazy("routing", "created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class Review(models.Model):
    """The practical-effect review (실효성 검토) of one not-selected proposal: one per proposal."""

    proposal = models.OneToOneField(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        related_name="routing_review",
        verbose_name=_("proposal"),
    )
    verdict = models.CharField(
        pgettext_lazy("routing", "verdict"),
        max_length=20,
        choices=ReviewVerdict.choices,
        editable=False,
    )
    note = models.TextField(_("practical effect"), blank=True)
    where_done = models.TextField(_("where it is already being done"), blank=True)
    reason = models.TextField(_("reason it is not feasible"), blank=True)
    merged_into = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_reviews",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("practical-effect review")
        verbose_name_plural = _("practical-effect reviews")
        ordering = ["-reviewed_at"]

    def __str__(self) -> str:
        return f"{self.proposal} — {self.get_verdict_display()}"


class Routing(models.Model):
    """A proposal in one department's inbox. Its status changes only through ``routing.services``."""

    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        related_name="routings",
        verbose_name=_("proposal"),
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="routings",
        verbose_name=_("department"),
    )
    is_lead = models.BooleanField(_("leading department"), default=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RoutingStatus.choices,
        default=RoutingStatus.AWAITING,
        editable=False,
    )
    routed_at = models.DateTimeField(_("routed"), default=timezone.now, editable=False)
    due_on = models.DateField(_("answer due"))
    answered_at = models.DateTimeField(_("first answered"), null=True, blank=True, editable=False)
    plan = models.TextField(_("plan"), blank=True, editable=False)
    target_date = models.DateField(
        pgettext_lazy("routing", "target date"), null=True, blank=True, editable=False
    )
    reroute_to = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("re-route requested to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    department_closed = models.BooleanField(
        _("department closed"),
        default=False,
        editable=False,
        help_text=_("Set when the department was closed; the innovation unit re-routes it."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("routing")
        verbose_name_plural = _("routings")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "department"], name="routing_one_per_department"
            ),
            models.UniqueConstraint(
                fields=["proposal"], condition=Q(is_lead=True), name="routing_one_lead_per_proposal"
            ),
        ]
        indexes = [
            models.Index(fields=["department", "status"]),
            models.Index(fields=["status", "due_on"]),
            # The idea bank, newest first, and the home's "new in the last 30 days".
            models.Index(fields=["routed_at"], condition=Q(is_lead=True), name="routing_lead_routed_at"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} → {self.department}"

    def get_absolute_url(self) -> str:
        return reverse("routing:routing-detail", kwargs={"pk": self.pk})

    @property
    def is_overdue(self) -> bool:
        return self.status == RoutingStatus.AWAITING and self.due_on < timezone.localdate()

    @property
    def status_tone(self) -> str:
        return "danger" if self.is_overdue else STATUS_TONES[RoutingStatus(self.status)]


class RoutingEvent(models.Model):
    """An entry in a routing's history: the routing itself, each answer and progress update,
    and the innovation unit's re-route decisions. Never changed once written."""

    routing = models.ForeignKey(Routing, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(
        pgettext_lazy("routing", "kind"), max_length=20, choices=RoutingEventKind.choices
    )
    status = models.CharField(_("status"), max_length=20, choices=RoutingStatus.choices)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    other_department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("other department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("text"), blank=True)
    target_date = models.DateField(pgettext_lazy("routing", "target date"), null=True, blank=True)
    due_on = models.DateField(_("answer due"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("routing history entry")
        verbose_name_plural = _("routing history")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.routing} · {self.get_kind_display()}"

    @property
    def status_tone(self) -> str:
        return STATUS_TONES[RoutingStatus(self.status)]


# --- Summary rows ----------------------------------------------------------------------------
# Written by database triggers (migration 0002), never by Python, so every path that writes
# proposals, reviews or routings keeps them right (services, the admin, bulk_create,
# queryset.update(), a cascade). ``manage.py rebuild_routing_tallies`` recomputes them.
# No foreign-key constraint: a call or department deleted leaves at most a row of zeros.


class ReviewTally(models.Model):
    """Per call: how many proposals are not selected, and how many of those have a verdict."""

    call = models.OneToOneField(
        "proposals.Call",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="review_tally",
        verbose_name=_("call"),
    )
    not_selected = models.IntegerField(_("proposals not selected"), default=0)
    reviewed = models.IntegerField(_("proposals reviewed"), default=0)

    class Meta:
        verbose_name = _("review tally")
        verbose_name_plural = _("review tallies")

    def __str__(self) -> str:
        return f"{self.call_id}: {self.reviewed}/{self.not_selected}"


class RoutingCallTally(models.Model):
    """Per call and routing status: how many routings."""

    call = models.ForeignKey(
        "proposals.Call",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="routing_tallies",
        verbose_name=_("call"),
    )
    status = models.CharField(_("status"), max_length=20, choices=RoutingStatus.choices)
    n = models.IntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("routing tally per call")
        verbose_name_plural = _("routing tallies per call")
        constraints = [
            models.UniqueConstraint(fields=["call", "status"], name="routing_call_tally_unique")
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {self.status}: {self.n}"


class RoutingDepartmentTally(models.Model):
    """Per department and routing status: how many routings."""

    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="routing_tallies",
        verbose_name=_("department"),
    )
    status = models.CharField(_("status"), max_length=20, choices=RoutingStatus.choices)
    n = models.IntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("routing tally per department")
        verbose_name_plural = _("routing tallies per department")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "status"], name="routing_department_tally_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department_id} {self.status}: {self.n}"


# --- The idea bank (아이디어 뱅크) -------------------------------------------------------------
# An idea is a routed, not-selected proposal whose authors all agreed (``routing.permissions.
# banked_proposals``). Colleagues support it (공감), comment and follow it; these rows name
# the colleague, never the idea's authors. Written only through ``routing.services.ideas``.

COMMENT_MAX_LENGTH = 1000


class IdeaSupport(models.Model):
    """A colleague's support (공감) of an idea: one per person and idea."""

    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("idea"),
        on_delete=models.CASCADE,
        related_name="idea_supports",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supporter"),
        on_delete=models.CASCADE,
        related_name="idea_supports",
    )
    created_at = models.DateTimeField(_("supported"), default=timezone.now)

    class Meta:
        verbose_name = _("idea support")
        verbose_name_plural = _("idea supports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="ideasupport_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ♥ {self.proposal}"


class IdeaFollow(models.Model):
    """A colleague follows an idea: told when a department answers it or its implementation
    changes."""

    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("idea"),
        on_delete=models.CASCADE,
        related_name="idea_follows",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("follower"),
        on_delete=models.CASCADE,
        related_name="idea_follows",
    )
    created_at = models.DateTimeField(_("followed"), default=timezone.now)

    class Meta:
        verbose_name = _("idea follow")
        verbose_name_plural = _("idea follows")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="ideafollow_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.proposal}"


class IdeaComment(models.Model):
    """A colleague's comment on an idea, plain text. The innovation unit may hide it with a
    reason (who, when and why are kept); readers then see that it was hidden and why.
    ``author`` is cleared when the call is anonymised (``privacy.anonymise``)."""

    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("idea"),
        on_delete=models.CASCADE,
        related_name="idea_comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="idea_comments",
    )
    text = models.TextField(_("comment text"), max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True, editable=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("idea comment")
        verbose_name_plural = _("idea comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["proposal", "created_at"])]

    def __str__(self) -> str:
        return self.text[:50]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None
