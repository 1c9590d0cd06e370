import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .enums import (
    DecisionKind,
    DecisionStatus,
    LabStatus,
    MembershipStatus,
    Outcome,
    SignoffVerdict,
)


class Lab(models.Model):
    """A G-Lab: volunteers carrying out one selected proposal together, with no manager.

    Its status changes only through ``labs.services``. Every current member has the same
    rights on it, and an active ``Membership`` is the whole of them (``labs.permissions``).
    """

    proposal = models.OneToOneField(
        "proposals.Proposal", verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="lab"
    )
    name = models.CharField(_("lab name"), max_length=120)
    mission = models.TextField(_("mission"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("planned end date"))
    recruitment_closes_on = models.DateField(
        _("volunteering open until"),
        null=True,
        blank=True,
        help_text=_("Until the lab starts, any staff member may volunteer; leave empty to keep it open."),
    )
    log_cadence_days = models.PositiveSmallIntegerField(
        _("progress log every (days)"), default=14,
        help_text=_("Members are reminded when no entry has been written for this many days."),
    )
    status = models.CharField(
        _("phase"), max_length=20, choices=LabStatus.choices, default=LabStatus.RECRUITING, editable=False
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("formed"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lab")
        verbose_name_plural = _("labs")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gt=models.F("start_date")), name="lab_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("labs:lab-detail", kwargs={"pk": self.pk})

    def days_elapsed(self, today: date) -> int:
        return max(0, min((today - self.start_date).days, (self.end_date - self.start_date).days + 1))

    def days_left(self, today: date) -> int:
        return max(0, (self.end_date - today).days + (0 if today > self.end_date else 1))

    @property
    def term_days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class Membership(models.Model):
    """One person's relation to a lab. Only ``ACTIVE`` is membership, reached only by the
    person's own acceptance."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("lab", "person"), on_delete=models.PROTECT, related_name="lab_memberships"
    )
    status = models.CharField(_("status"), max_length=20, choices=MembershipStatus.choices, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    ended_at = models.DateTimeField(_("left"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lab membership")
        verbose_name_plural = _("lab memberships")
        ordering = ["joined_at", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["lab", "user"], name="lab_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.lab}"


class DutyRelease(models.Model):
    """A member's release from routine duties (일상업무 배제), acknowledged by the home
    department before it takes effect. ``department`` is the home department at the time of
    acknowledgement (moved when HR reports a transfer)."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="releases")
    department = models.ForeignKey(
        "accounts.Department", verbose_name=_("home department"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="lab_duty_releases",
    )
    order_reference = models.CharField(_("personnel order number"), max_length=60, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    starts_on = models.DateField(_("released from"), null=True, blank=True)
    ends_on = models.DateField(_("released until"), null=True, blank=True)
    notified_at = models.DateTimeField(_("department notified"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ended"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("release from routine duties")
        verbose_name_plural = _("releases from routine duties")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership"], condition=Q(closed_at__isnull=True), name="duty_release_one_open"
            )
        ]

    def __str__(self) -> str:
        return str(self.membership)

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None


class LogEntry(models.Model):
    """A progress log entry (활동일지), written by any member."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="entries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entry_date = models.DateField(_("date"))
    did = models.TextField(_("what we did"))
    learned = models.TextField(_("what we learned"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    blockers = models.TextField(_("blockers"), blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("progress log entry")
        verbose_name_plural = _("progress log entries")
        ordering = ["-entry_date", "-id"]
        indexes = [models.Index(fields=["lab", "entry_date"])]

    def __str__(self) -> str:
        return f"{self.lab} · {self.entry_date}"


class LogComment(models.Model):
    entry = models.ForeignKey(LogEntry, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:50]


class Milestone(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    target_date = models.DateField(_("target date"))
    done = models.BooleanField(_("done"), default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["target_date", "id"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    """A joint decision: takes effect once every current member has signed off (a member
    being removed does not sign). An extension then also needs the innovation unit."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(pgettext_lazy("joint decision", "kind"), max_length=20, choices=DecisionKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.PENDING, editable=False
    )
    summary = models.TextField(_("reason"), blank=True)
    new_mission = models.TextField(_("new mission"), blank=True)
    new_end_date = models.DateField(_("new end date"), null=True, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("lab", "person"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_comment = models.TextField(_("innovation unit's comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("joint decision")
        verbose_name_plural = _("joint decisions")
        ordering = ["-proposed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.lab}"

    def get_absolute_url(self) -> str:
        return reverse("labs:decision-detail", kwargs={"pk": self.lab_id, "decision_pk": self.pk})


class Signoff(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="signoffs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=10, choices=SignoffVerdict.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("signed"), auto_now_add=True)

    class Meta:
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["decision", "user"], name="signoff_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_verdict_display()}"


class FinalReport(models.Model):
    """The lab's final report (최종보고), proposed as a joint decision; the adopted one stands."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="report")
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="reports")
    summary = models.TextField(_("summary"))
    results = models.TextField(_("results"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    lessons = models.TextField(_("lessons learned"))
    next_steps = models.TextField(_("recommended next steps"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("final report")
        verbose_name_plural = _("final reports")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.lab} · {self.get_outcome_display()}"


def lab_attachment_upload_to(instance: "LabAttachment", filename: str) -> str:
    # A generated name on disk; the original name stays in the row.
    return f"labs/{instance.lab_id}/{uuid.uuid4().hex}"


class LabAttachment(models.Model):
    """A file on a log entry (members and the innovation unit) or on a final report (everyone
    once adopted). Served only through ``labs:attachment-download``."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="attachments")
    entry = models.ForeignKey(LogEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    report = models.ForeignKey(
        FinalReport, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=lab_attachment_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    kind = models.CharField(_("file type"), max_length=10)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("lab attachment")
        verbose_name_plural = _("lab attachments")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(entry__isnull=False, report__isnull=True) | Q(entry__isnull=True, report__isnull=False),
                name="lab_attachment_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("labs:attachment-download", kwargs={"pk": self.pk})
