from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Delivery, EmailStatus, notification_kind_label


class Notification(models.Model):
    """One message to one person: an in-app notice and, when they have an address, an email.

    Rows are written in the same transaction as the event that causes them (the outbox), with
    a unique ``key`` per (kind, object, recipient, occasion), so an event retried or a
    dispatcher run twice can never produce a second message.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=50, db_index=True)
    key = models.CharField(_("deduplication key"), max_length=255, unique=True)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # What the notice is about and for which occasion: the same facts as the key, kept apart so
    # a reminder can be checked at delivery time ("is the call still open?").
    about_type = models.CharField(_("about (model)"), max_length=100, blank=True)
    about_id = models.PositiveBigIntegerField(_("about (id)"), null=True, blank=True)
    occasion = models.CharField(_("occasion"), max_length=100, blank=True)
    expires_at = models.DateTimeField(
        _("relevant until"),
        null=True,
        blank=True,
        help_text=_("An email not yet sent by then is dropped instead of arriving late."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_status = models.CharField(
        _("email status"),
        max_length=10,
        choices=EmailStatus.choices,
        default=EmailStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    lease_until = models.DateTimeField(_("leased until"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email_status", "next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def kind_label(self) -> str:
        return notification_kind_label(self.kind)

    @property
    def email_status_tone(self) -> str:
        """The badge colour of the email status (for ``{% badge %}``)."""
        return STATUS_TONES.get(self.email_status, "neutral")


STATUS_TONES = {
    EmailStatus.PENDING: "info",
    EmailStatus.SENDING: "info",
    EmailStatus.SENT: "success",
    EmailStatus.FAILED: "danger",
    EmailStatus.DROPPED: "warning",
    EmailStatus.SKIPPED: "neutral",
    EmailStatus.DIGEST: "info",
    EmailStatus.IN_DIGEST: "success",
    EmailStatus.PORTAL_ONLY: "neutral",
}


class OutboxCount(models.Model):
    """How many notifications of a kind are in an email state, as a sum of rows.

    Written by database triggers on ``Notification`` (migration 0003), never by Python: every
    INSERT, status change and DELETE adds a row (kind, status, ±n), whichever path made it
    (services, the admin, ``bulk_create``, ``queryset.update()``, a cascade). Rows are only
    ever added, so concurrent writers never wait on one another; ``notifications.counts.fold``
    (run by the dispatcher) folds them back into one row per (kind, status), and
    ``manage.py rebuild_outbox_counts`` recomputes them from the notifications.
    """

    kind = models.CharField(_("kind"), max_length=50)
    email_status = models.CharField(_("email status"), max_length=10, choices=EmailStatus.choices)
    n = models.IntegerField(_("change in number"))

    class Meta:
        verbose_name = _("outbox count")
        verbose_name_plural = _("outbox counts")
        indexes = [models.Index(fields=["email_status", "kind"], name="notif_count_status_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.email_status} {self.n:+d}"


class ScheduledRun(models.Model):
    """When a periodic task last finished, one row per task, so an operator can see that beat
    and the workers are alive (``glab_beat_last_run_timestamp_seconds`` on ``/metrics``,
    docs/deployment.md, "Monitoring"). In the database rather than the cache: it outlives a
    Redis restart or eviction and every web process reads the same value."""

    task = models.CharField(_("scheduled task"), max_length=100, primary_key=True)
    finished_at = models.DateTimeField(_("last finished"))

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")

    def __str__(self) -> str:
        return self.task


class CalendarFeed(models.Model):
    """A person's private calendar feed (내 캘린더, ``notifications.calendar``): the address
    ``/calendar/<token>.ics`` holds a secret of ``core.secret_tokens`` (prefix ``cal_``), shown
    to its owner once; only its digest is kept. One live feed per person: issuing a new one
    revokes the old. A revoked feed, or one whose owner is deactivated, answers 404; revoked
    rows are deleted ``CALENDAR_FEED_RETENTION_DAYS`` after revocation (daily task)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    digest = models.CharField(
        _("digest of the address"), max_length=64, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(
        _("revoked"), null=True, blank=True, db_index=True, editable=False
    )

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendar_feed_one_live_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None


class NotificationPreference(models.Model):
    """How one person wants one kind of notification emailed, when it is not the default (email
    at once): only choices that differ from the default are stored. Written by
    ``notifications.preferences.preferences_save``, which refuses what a kind's rule forbids
    (``notifications.kinds``); read by ``notify`` in one query per call."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=50)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notif_pref_user_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {notification_kind_label(self.kind)}: {self.get_delivery_display()}"
