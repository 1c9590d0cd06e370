from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import EmailStatus


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
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject
