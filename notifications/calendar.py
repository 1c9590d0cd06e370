"""The personal calendar feed (내 캘린더, issue 20): its services, reads and the personal-data
section (docs/privacy.md, "Calendar feeds").

A person subscribes their calendar app (Outlook, Google, a phone) to
``/calendar/<secret>.ics``; the feed holds their own deadlines (``core.deadlines``). The secret
(``core.secret_tokens.new_secret("cal_")``) is shown once, when it is issued; only its digest
is stored, so the portal cannot show it again and a leaked database holds no usable address.

- ``calendar_feed_issue``: a new address; the live one, if any, is revoked in the same
  transaction (re-issue = revoke + new). Returns the secret.
- ``calendar_feed_revoke``: the address stops working at once.
- ``calendar_feeds_purge`` (daily, ``notifications.tasks.purge_calendar_feeds``): revokes the
  feeds of deactivated people and deletes rows revoked more than
  ``CALENDAR_FEED_RETENTION_DAYS`` ago.
- ``feed_owner(secret)``: the owner of a live feed whose owner is active, else ``None``
  (404); records the use (``last_used_at``).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.personal_data import iso
from core.secret_tokens import digest_of, new_secret

from .models import CalendarFeed

PREFIX = "cal_"
DEFAULT_RETENTION_DAYS = 90
# A feed's last use is written at most this often (calendar apps poll; a row need not change
# on every fetch).
LAST_USED_RESOLUTION = timedelta(minutes=5)


def retention_days() -> int:
    return getattr(settings, "CALENDAR_FEED_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)


def live_feed(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


@transaction.atomic
def calendar_feed_issue(*, user) -> str:
    """Revokes the person's live feed (if any) and issues a new one. Returns the secret, to be
    shown once; only its digest is stored. Side effects: none beyond the rows."""
    # The person's row is the lock: two issues at once (two tabs) run one after the other.
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    secret, digest = new_secret(PREFIX)
    CalendarFeed.objects.create(user=user, digest=digest)
    return secret


@transaction.atomic
def calendar_feed_revoke(*, user) -> int:
    """Revokes the person's live feed; returns how many were revoked (0 or 1)."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def calendar_feeds_purge(*, now=None) -> tuple[int, int]:
    """Revokes the live feeds of deactivated people and deletes feeds revoked more than
    ``CALENDAR_FEED_RETENTION_DAYS`` ago. Returns (revoked, deleted)."""
    now = now or timezone.now()
    with transaction.atomic():
        revoked = CalendarFeed.objects.filter(
            revoked_at__isnull=True, user__is_active=False
        ).update(revoked_at=now)
        deleted, _ = CalendarFeed.objects.filter(
            revoked_at__lt=now - timedelta(days=retention_days())
        ).delete()
    return revoked, deleted


def feed_owner(secret: str):
    """The active owner of the live feed ``secret`` names, or ``None``. One query, and one
    update at most every ``LAST_USED_RESOLUTION``."""
    if not secret.startswith(PREFIX):
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(digest=digest_of(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at >= LAST_USED_RESOLUTION:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed.user


def feeds_of(user) -> list[dict]:
    """The personal-data section: the person's feeds (created, last used, revoked), never the
    digest. One query."""
    return [
        {"created_at": iso(created), "last_used_at": iso(used), "revoked_at": iso(revoked)}
        for created, used, revoked in CalendarFeed.objects.filter(user=user)
        .order_by("created_at", "pk")
        .values_list("created_at", "last_used_at", "revoked_at")
    ]
