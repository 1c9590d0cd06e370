"""The outbox: record what people must be told inside the causing transaction, deliver after.

``notify`` is the only way to tell someone something. It renders the message from
``templates/emails/<kind>_subject.txt``, ``<kind>.txt`` and ``<kind>.html`` in Korean, stores
one row per recipient (duplicates by key are ignored) and, once the transaction commits,
queues delivery (``notifications.queueing``: a short-timeout publish, no retry, so a broker that
is down or hung costs a request at most ``NOTIFICATION_PUBLISH_TIMEOUT``). If the broker does
not take the task the rows simply stay pending and the periodic dispatcher
(``reminders_dispatch``) queues them again.

A kind whose email must carry something that may not rest in the database (the first sign-in
link) is completed at delivery instead (``notifications.composing``).

Delivery claims rows in batches (``notifications_claim``: a lease taken with one conditional
UPDATE, rows locked with SKIP LOCKED on PostgreSQL), sends them over one SMTP connection and
marks them sent in small groups. A row is sent by whoever holds its lease; a lease that
expires (a worker killed mid-batch) makes the row claimable again.
"""

import contextlib
import logging
import smtplib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import models, transaction
from django.db.models import F, Q
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.permissions import is_innovation_unit

from . import composing, counts, preferences, reminders
from .enums import EmailStatus
from .models import Notification, ScheduledRun
from .queueing import queue_delivery

logger = logging.getLogger(__name__)

# Errors that concern one message only; anything else means the SMTP server is unusable now.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)
# Each row is marked sent (one UPDATE, committed) right after the SMTP server accepted it: a
# worker killed mid-batch re-sends at most the one message in flight (docs/security.md, "The
# remaining duplicate window"). Raising this trades that window for fewer UPDATEs.
MARK_SENT_EVERY = 1


def _conf(name: str, default):
    return getattr(settings, name, default)


def _seconds(name: str, default: int) -> timedelta:
    return timedelta(seconds=_conf(name, default))


def max_attempts() -> int:
    return _conf("NOTIFICATION_MAX_ATTEMPTS", 5)


def lease_duration() -> timedelta:
    return _seconds("NOTIFICATION_LEASE", 300)


def batch_size() -> int:
    return _conf("NOTIFICATION_BATCH_SIZE", 200)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the ``attempts``-th failed try: base, 2×base, 4×base, … capped."""
    base = _seconds("NOTIFICATION_RETRY_BACKOFF", 30)
    cap = _seconds("NOTIFICATION_RETRY_BACKOFF_MAX", 1800)
    return min(base * (2 ** max(attempts - 1, 0)), cap)


def notification_key(*, kind: str, about: models.Model, recipient_id: int, occasion: str = "") -> str:
    return f"{kind}:{about._meta.label_lower}:{about.pk}:{recipient_id}:{occasion}"


def render_plain_text(template_name: str, context: dict) -> str:
    """Renders a plain-text template without HTML escaping: a title with ``"``, ``&`` or ``<``
    arrives as typed, not as ``&quot;``. Only for text that is never read as HTML (the email's
    subject and text part); the HTML part goes through ``render_to_string`` and stays escaped."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def email_subject(template_name: str, context: dict) -> str:
    """The subject on one line (every run of whitespace, CR and LF included, becomes one
    space: no header injection), unescaped, at most 255 characters."""
    return " ".join(render_plain_text(template_name, context).split())[:255]


def render_email(kind: str, context: dict) -> dict[str, str]:
    """The ``subject``, ``body_text`` and ``body_html`` of an email of ``kind``, from
    ``templates/emails/<kind>_subject.txt``, ``<kind>.txt`` and ``<kind>.html``."""
    return {
        "subject": email_subject(f"emails/{kind}_subject.txt", context),
        "body_text": render_plain_text(f"emails/{kind}.txt", context),
        "body_html": render_to_string(f"emails/{kind}.html", context),
    }


# --- Writing ---------------------------------------------------------------------------------


def notify(
    *,
    kind: str,
    recipients: Iterable,
    about: models.Model | None,
    context: dict,
    url: str = "",
    occasion: str = "",
    expires_at: datetime | None = None,
) -> list[Notification]:
    """Writes one notification per distinct active recipient and queues email delivery on commit.

    Recipients already holding a row with the same key are skipped before anything is
    rendered, so calling this again for the same event (a retried request, every dispatcher
    run) costs one query. ``expires_at``: an email still unsent then is dropped, not sent late.
    Each recipient's preference for ``kind`` (``notifications.preferences``, one query) decides
    the email: queued at once, waiting for the daily digest, or none (the portal only).
    ``about=None``: each row is about its recipient (their account), e.g. the first sign-in.
    Returns the rows created.
    """
    unique = {r.pk: r for r in recipients if r is not None and r.is_active}
    if not unique:
        return []
    abouts = {pk: about if about is not None else recipient for pk, recipient in unique.items()}
    keys = {
        pk: notification_key(kind=kind, about=abouts[pk], recipient_id=pk, occasion=occasion) for pk in unique
    }
    existing = set(Notification.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    fresh_recipients = [r for pk, r in unique.items() if keys[pk] not in existing]
    if not fresh_recipients:
        return []
    rows = _new_rows(
        kind, fresh_recipients, abouts, keys, context, url=url, occasion=occasion, expires_at=expires_at
    )
    # A concurrent writer may have inserted some of these keys since the check: ignored.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    created_ids = list(
        Notification.objects.filter(
            key__in=[row.key for row in rows], email_status=EmailStatus.PENDING
        ).values_list("id", flat=True)
    )
    if created_ids:
        transaction.on_commit(lambda: queue_delivery(created_ids))
    return rows


def _new_rows(
    kind, recipients, abouts, keys, context, *, url, occasion, expires_at
) -> list[Notification]:
    """The unsaved rows of ``notify``, rendered in Korean, each in the email state the
    recipient's preference for ``kind`` gives (one query)."""
    deliveries = preferences.deliveries_for(kind, [r.pk for r in recipients])
    rows = []
    with translation.override(settings.LANGUAGE_CODE):
        for recipient in recipients:
            ctx = {**context, "recipient": recipient, "url": url, "base_url": settings.PORTAL_BASE_URL}
            rows.append(
                Notification(
                    recipient=recipient,
                    kind=kind,
                    key=keys[recipient.pk],
                    **render_email(kind, ctx),
                    url=url,
                    about_type=abouts[recipient.pk]._meta.label_lower,
                    about_id=abouts[recipient.pk].pk,
                    occasion=occasion,
                    expires_at=expires_at,
                    email_status=preferences.start_status(
                        deliveries[recipient.pk], has_address=bool(recipient.email)
                    ),
                )
            )
    return rows


# --- Delivering ------------------------------------------------------------------------------


def _claimable(now: datetime) -> Q:
    return (
        Q(email_status=EmailStatus.PENDING)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    ) | Q(email_status=EmailStatus.SENDING, lease_until__lt=now)


def notifications_claim(
    *, ids: Sequence[int] | None = None, limit: int | None = None, now: datetime | None = None
) -> list[Notification]:
    """Takes the lease on up to ``limit`` claimable notifications (pending and due, or sending
    with an expired lease) and returns them with their recipients.

    Rows locked by a concurrent claimer are skipped (PostgreSQL ``SKIP LOCKED``); the UPDATE
    repeats the claimable condition, so even without row locks (SQLite) a row is claimed once.
    Side effects: status → sending, ``lease_until`` set, ``attempts`` + 1.
    """
    now = now or timezone.now()
    lease_until = now + lease_duration()
    with transaction.atomic():
        candidates = Notification.objects.filter(_claimable(now))
        if ids is not None:
            candidates = candidates.filter(pk__in=list(ids))
        picked = list(
            candidates.select_for_update(skip_locked=True)
            .order_by("id")
            .values_list("id", flat=True)[: limit or batch_size()]
        )
        if not picked:
            return []
        Notification.objects.filter(_claimable(now), pk__in=picked).update(
            email_status=EmailStatus.SENDING, lease_until=lease_until, attempts=F("attempts") + 1
        )
    return list(
        Notification.objects.filter(
            pk__in=picked, email_status=EmailStatus.SENDING, lease_until=lease_until
        ).select_related("recipient").order_by("id")
    )


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    released: list[int] = field(default_factory=list)
    retry_in: timedelta | None = None


def still_relevant(rows: list[Notification], now: datetime) -> tuple[list[Notification], list[int]]:
    """Splits claimed rows into those still worth sending and the ids to drop."""
    alive = [n for n in rows if n.expires_at is None or n.expires_at > now]
    dropped = [n.pk for n in rows if n.expires_at is not None and n.expires_at <= now]
    by_kind: dict[str, list[Notification]] = defaultdict(list)
    for n in alive:
        by_kind[n.kind].append(n)
    keep = []
    for kind, group in by_kind.items():
        check = next((r.still_relevant for r in (reminders.get(kind), composing.get(kind)) if r), None)
        if check is None:
            keep.extend(group)
            continue
        relevant = set(check(group, now))
        keep.extend(n for n in group if n.pk in relevant)
        dropped.extend(n.pk for n in group if n.pk not in relevant)
    return keep, dropped


def _record_failure(rows: list[Notification], error: Exception, now: datetime, report: DeliveryReport) -> None:
    """Back to pending with a backoff, or failed after the last try."""
    message = f"{type(error).__name__}: {error}"[:2000]
    by_attempts: dict[int, list[int]] = defaultdict(list)
    for n in rows:
        by_attempts[n.attempts].append(n.pk)
    for attempts, ids in by_attempts.items():
        if attempts >= max_attempts():
            Notification.objects.filter(pk__in=ids).update(
                email_status=EmailStatus.FAILED, lease_until=None, next_attempt_at=None, last_error=message
            )
            report.failed.extend(ids)
        else:
            delay = retry_delay(attempts)
            Notification.objects.filter(pk__in=ids).update(
                email_status=EmailStatus.PENDING,
                lease_until=None,
                next_attempt_at=now + delay,
                last_error=message,
            )
            report.retrying.extend(ids)
            report.retry_in = min(report.retry_in or delay, delay)
    logger.warning("Email delivery failed for %s notification(s): %s", len(rows), message)


def _mark_sent(ids: list[int]) -> None:
    if ids:
        Notification.objects.filter(pk__in=ids).update(
            email_status=EmailStatus.SENT,
            sent_at=timezone.now(),
            lease_until=None,
            next_attempt_at=None,
            last_error="",
        )


def _message(notification: Notification, connection) -> EmailMultiAlternatives:
    """The email as stored, or for a kind completed at delivery (``composing``) rendered now."""
    content = {"subject": notification.subject, "body_text": notification.body_text, "body_html": notification.body_html}
    composer = composing.get(notification.kind)
    if composer is not None:
        ctx = {"recipient": notification.recipient, "url": notification.url, "base_url": settings.PORTAL_BASE_URL}
        content = render_email(notification.kind, {**ctx, **composer.context(notification)})
    message = EmailMultiAlternatives(
        subject=content["subject"], body=content["body_text"], to=[notification.recipient.email], connection=connection
    )
    if content["body_html"]:
        message.attach_alternative(content["body_html"], "text/html")
    return message


def _send_all(rows: list[Notification], report: DeliveryReport) -> None:
    """Sends over one SMTP connection, stopping before the lease runs out.

    The connection is opened here, once: Django's backend opens and closes one per
    ``send_messages`` call when it is not open yet, which cost a connect, EHLO and QUIT per
    message (a third of the delivery time in the benchmark)."""
    connection = get_connection(fail_silently=False)
    unsent_since_mark: list[int] = []
    # Stop early enough that the last send (bounded by EMAIL_TIMEOUT) ends inside the lease.
    margin = timedelta(seconds=2 * (getattr(settings, "EMAIL_TIMEOUT", None) or 10))
    try:
        try:
            connection.open()
        except Exception as error:  # the server is down or refusing us: the batch waits
            _record_failure(rows, error, timezone.now(), report)
            return
        for index, notification in enumerate(rows):
            if timezone.now() >= notification.lease_until - margin:
                rest = [n.pk for n in rows[index:]]
                Notification.objects.filter(pk__in=rest, email_status=EmailStatus.SENDING).update(
                    email_status=EmailStatus.PENDING, lease_until=None, attempts=F("attempts") - 1
                )
                report.released.extend(rest)
                break
            try:
                connection.send_messages([_message(notification, connection)])
            except MESSAGE_ERRORS as error:
                _record_failure([notification], error, timezone.now(), report)
                continue
            except Exception as error:
                # The server is gone or refusing us: this and the rest of the batch wait.
                _mark_sent(unsent_since_mark)
                report.sent.extend(unsent_since_mark)
                unsent_since_mark = []
                _record_failure(rows[index:], error, timezone.now(), report)
                break
            unsent_since_mark.append(notification.pk)
            if len(unsent_since_mark) >= MARK_SENT_EVERY:
                _mark_sent(unsent_since_mark)
                report.sent.extend(unsent_since_mark)
                unsent_since_mark = []
    finally:
        _mark_sent(unsent_since_mark)
        report.sent.extend(unsent_since_mark)
        # Closing a broken connection must not hide the outcome recorded above.
        with contextlib.suppress(Exception):
            connection.close()


def notifications_deliver_batch(
    *, ids: Sequence[int] | None = None, limit: int | None = None, now: datetime | None = None
) -> DeliveryReport:
    """Claims a batch (the given ids, or any claimable rows), drops reminders whose occasion
    has passed, sends the rest over one SMTP connection and records the outcome of each row:
    sent; pending again with a backoff after an SMTP error; failed after the last try; dropped.
    Never raises for an SMTP error: the rows carry it in ``last_error``."""
    now = now or timezone.now()
    report = DeliveryReport()
    rows = notifications_claim(ids=ids, limit=limit, now=now)
    if not rows:
        return report
    no_address = [n.pk for n in rows if not n.recipient.email]
    if no_address:
        Notification.objects.filter(pk__in=no_address).update(email_status=EmailStatus.SKIPPED, lease_until=None)
    rows = [n for n in rows if n.recipient.email]
    try:
        keep, dropped = still_relevant(rows, now)
    except Exception as error:
        logger.exception("Relevance check failed")
        _record_failure(rows, error, now, report)
        return report
    if dropped:
        Notification.objects.filter(pk__in=dropped).update(email_status=EmailStatus.DROPPED, lease_until=None)
        report.dropped.extend(dropped)
    if keep:
        with translation.override(settings.LANGUAGE_CODE):
            _send_all(keep, report)
    return report


def notification_retry(*, notification_id: int, by) -> None:
    """The innovation unit sends one failed email again (``notifications_retry_failed``)."""
    if not notifications_retry_failed(by=by, ids=[notification_id]):
        raise ValidationError(_("Only a failed email can be sent again."))


def notifications_retry_failed(*, by, kind: str = "", ids: Iterable[int] | None = None) -> int:
    """The innovation unit sends failed emails again: every one, those of ``kind``, or those
    among ``ids`` (after an SMTP outage longer than the backoff, or one at a time from the
    outbox): back to pending with fresh attempts in one UPDATE, delivery queued on commit in
    batches. Rows that are not failed are left alone. Returns how many."""
    if not is_innovation_unit(by):
        raise PermissionDenied
    with transaction.atomic():
        failed = Notification.objects.select_for_update().filter(email_status=EmailStatus.FAILED)
        if kind:
            failed = failed.filter(kind=kind)
        if ids is not None:
            failed = failed.filter(pk__in=list(ids))
        retried = list(failed.order_by("pk").values_list("pk", flat=True))
        if retried:
            Notification.objects.filter(pk__in=retried).update(
                email_status=EmailStatus.PENDING, attempts=0, next_attempt_at=None, lease_until=None
            )
            transaction.on_commit(lambda: queue_delivery(retried))
    return len(retried)


def notifications_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Marks the user's notifications (all, or the given ones) as read; returns how many."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


# --- The dispatcher --------------------------------------------------------------------------


@dataclass
class DispatchReport:
    created: dict[str, int] = field(default_factory=dict)
    requeued: int = 0
    errors: list[str] = field(default_factory=list)


def outbox_requeue(*, now: datetime | None = None) -> int:
    """Queues delivery for rows that should be moving but are not: pending rows never queued
    (broker down at commit) or due for a retry, and rows whose lease expired (worker lost).
    Rows younger than ``NOTIFICATION_REQUEUE_AFTER`` are left to the task queued at commit.
    Returns how many rows are waiting."""
    now = now or timezone.now()
    grace = _seconds("NOTIFICATION_REQUEUE_AFTER", 60)
    waiting = Notification.objects.filter(_claimable(now), created_at__lte=now - grace).count()
    if waiting:
        queue_delivery(batches=-(-waiting // batch_size()))
    return waiting


# The name the dispatcher's runs are recorded under (``ScheduledRun``); the metric's label.
DISPATCH_TASK = "dispatch_reminders"


def reminders_dispatch(*, now: datetime | None = None) -> DispatchReport:
    """Runs every registered reminder finder and writes what is due to the outbox (one
    transaction per due item; delivery queued on commit), then re-queues stuck rows.

    Idempotent: keys make a second run, or two runs at once, write nothing new. A finder that
    raises is logged and skipped; the others still run. Last, folds the outbox counts
    (``counts.fold``), so the rows the page sums stay few, and records the run's end
    (``ScheduledRun``: beat and a worker are alive)."""
    now = now or timezone.now()
    report = DispatchReport()
    for kind, reminder in sorted(reminders.registered().items()):
        created = 0
        try:
            for due in reminder.finder(now):
                due = due if isinstance(due, reminders.Due) else reminders.Due(*due)
                with transaction.atomic():
                    created += len(
                        notify(
                            kind=kind,
                            recipients=due.recipients,
                            about=due.about,
                            context=due.context,
                            url=due.url,
                            occasion=due.occasion,
                            expires_at=due.expires_at,
                        )
                    )
        except Exception:
            logger.exception("Reminder finder %s failed", kind)
            report.errors.append(kind)
        report.created[kind] = created
    report.requeued = outbox_requeue(now=now)
    counts.fold()
    scheduled_run_record(DISPATCH_TASK)
    return report


def scheduled_run_record(task: str) -> None:
    """Notes that a periodic task has just finished (at the real time, whatever ``now`` the
    run was given), for the last-run metric."""
    ScheduledRun.objects.update_or_create(task=task, defaults={"finished_at": timezone.now()})
