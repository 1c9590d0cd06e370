"""The outbox: record what people must be told inside the causing transaction, deliver after.

``notify`` is the only way to tell someone something. It renders the message from
``templates/emails/<kind>_subject.txt``, ``<kind>.txt`` and ``<kind>.html`` in Korean, stores
one row per recipient (duplicates by key are ignored) and, once the transaction commits,
queues delivery. If the broker is unreachable the rows simply stay pending and the periodic
dispatcher sends them later.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as KombuOperationalError

from .enums import EmailStatus
from .models import Notification

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 5


def notification_key(*, kind: str, about: models.Model, recipient_id: int, occasion: str = "") -> str:
    return f"{kind}:{about._meta.label_lower}:{about.pk}:{recipient_id}:{occasion}"


def notify(
    *,
    kind: str,
    recipients: Iterable,
    about: models.Model,
    context: dict,
    url: str = "",
    occasion: str = "",
) -> list[Notification]:
    """Writes one notification per distinct recipient and queues email delivery on commit.

    Returns the rows created (recipients already notified for this key are skipped).
    """
    unique = {r.pk: r for r in recipients if r is not None and r.is_active}
    if not unique:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        rows = []
        for recipient in unique.values():
            ctx = {**context, "recipient": recipient, "url": url, "base_url": settings.PORTAL_BASE_URL}
            rows.append(
                Notification(
                    recipient=recipient,
                    kind=kind,
                    key=notification_key(kind=kind, about=about, recipient_id=recipient.pk, occasion=occasion),
                    subject=" ".join(render_to_string(f"emails/{kind}_subject.txt", ctx).split())[:255],
                    body_text=render_to_string(f"emails/{kind}.txt", ctx),
                    body_html=render_to_string(f"emails/{kind}.html", ctx),
                    url=url,
                    email_status=EmailStatus.PENDING if recipient.email else EmailStatus.SKIPPED,
                )
            )
    keys = [row.key for row in rows]
    existing = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    fresh = [row for row in rows if row.key not in existing]
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    created_ids = list(
        Notification.objects.filter(
            key__in=[row.key for row in fresh], email_status=EmailStatus.PENDING
        ).values_list("id", flat=True)
    )
    if created_ids:
        transaction.on_commit(lambda: queue_delivery(created_ids))
    return fresh


def queue_delivery(notification_ids: list[int]) -> None:
    """Hands the ids to the workers; a broker that is down leaves them pending for the dispatcher."""
    from .tasks import deliver_notification

    for notification_id in notification_ids:
        try:
            deliver_notification.delay(notification_id)
        except KombuOperationalError:
            # The broker is down: the rows stay pending and the periodic dispatcher sends them.
            logger.warning("Broker unreachable; %s notification(s) stay pending", len(notification_ids))
            return
        except Exception:
            # Eager mode runs the task here; a failed send is already recorded on the row.
            logger.exception("Delivery of notification %s failed", notification_id)


def notification_claim(*, notification_id: int) -> Notification | None:
    """Takes the lease on a pending notification; returns it, or None if someone else has it.

    A single conditional UPDATE, so two workers can never both claim the same row.
    """
    now = timezone.now()
    claimed = Notification.objects.filter(
        Q(email_status=EmailStatus.PENDING)
        | Q(email_status=EmailStatus.SENDING, lease_until__lt=now),
        pk=notification_id,
    ).update(email_status=EmailStatus.SENDING, lease_until=now + LEASE, attempts=models.F("attempts") + 1)
    if not claimed:
        return None
    return Notification.objects.select_related("recipient").get(pk=notification_id)


def notification_deliver(*, notification_id: int) -> bool:
    """Sends the email of one notification exactly once. Returns True when it was sent now.

    Raises the SMTP error after recording it so the task can retry with backoff; after
    ``MAX_ATTEMPTS`` the notification is marked failed.
    """
    notification = notification_claim(notification_id=notification_id)
    if notification is None:
        return False
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        to=[notification.recipient.email],
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    try:
        message.send()
    except Exception as error:
        final = notification.attempts >= MAX_ATTEMPTS
        Notification.objects.filter(pk=notification.pk).update(
            email_status=EmailStatus.FAILED if final else EmailStatus.PENDING,
            lease_until=None,
            last_error=str(error)[:2000],
        )
        raise
    Notification.objects.filter(pk=notification.pk).update(
        email_status=EmailStatus.SENT, sent_at=timezone.now(), lease_until=None, last_error=""
    )
    return True


def notifications_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Marks the user's notifications (all, or the given ones) as read; returns how many."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())
