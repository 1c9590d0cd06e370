"""Notification preferences (issue 20, part 3): per person and per kind, email at once, a daily
digest, or the portal only. ``notify`` asks ``deliveries_for`` (one query per call); the page
reads ``preference_choices`` and writes through ``preferences_save``, the one service that
changes them. What each kind allows is ``notifications.kinds``; the service enforces it, not
only the form."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .enums import Delivery, EmailStatus, NotificationKind, notification_kind_label
from .kinds import KINDS, Rule, effective, rule_for
from .models import Notification, NotificationPreference
from .queueing import queue_delivery

DEFAULT = Delivery.IMMEDIATE

# The email state a notification starts in, by the recipient's choice (with an address).
START_STATUS = {
    Delivery.IMMEDIATE: EmailStatus.PENDING,
    Delivery.DIGEST: EmailStatus.DIGEST,
    Delivery.PORTAL: EmailStatus.PORTAL_ONLY,
}


def deliveries_for(kind: str, recipient_ids: Iterable[int]) -> dict[int, Delivery]:
    """What each recipient chose for ``kind`` (the default when nothing is stored), within the
    kind's rule. One query; none for a kind that is always emailed at once."""
    ids = list(recipient_ids)
    if not ids or rule_for(kind).rule == Rule.FIXED:
        return dict.fromkeys(ids, DEFAULT)
    stored = dict(
        NotificationPreference.objects.filter(kind=kind, user_id__in=ids).values_list(
            "user_id", "delivery"
        )
    )
    return {pk: effective(kind, stored.get(pk)) for pk in ids}


def start_status(delivery: Delivery, *, has_address: bool) -> EmailStatus:
    """The email state of a new notification: no address → skipped, else by the choice."""
    return START_STATUS[delivery] if has_address else EmailStatus.SKIPPED


def preference_choices(user) -> dict[str, Delivery]:
    """The person's stored choices by kind, as they apply today (one query)."""
    rows = NotificationPreference.objects.filter(user=user).values_list("kind", "delivery")
    return {kind: effective(kind, delivery) for kind, delivery in rows}


def _refusal(kind: str, delivery: str) -> str | None:
    """Why ``delivery`` may not be chosen for ``kind`` (None: it may)."""
    if kind not in KINDS and kind not in NotificationKind.values:
        return _("There is no such kind of notification.")
    if delivery not in Delivery.values:
        return _("Choose one of the options shown.")
    rule = rule_for(kind).rule
    if delivery in rule_for(kind).allowed:
        return None
    if rule == Rule.FIXED:
        return _("Account and security messages are always emailed at once.")
    return _(
        "This notice is required: it can be emailed at once or in the daily digest, "
        "but not switched off."
    )


@transaction.atomic
def preferences_save(*, user, choices: Mapping[str, str]) -> list[str]:
    """Sets ``user``'s choice for each kind in ``choices`` (kind → ``Delivery`` value) and returns
    the kinds whose choice changed.

    Refuses with a ``ValidationError`` keyed by kind, writing nothing, an unknown kind or choice
    and a choice the kind's rule forbids (``notifications.kinds``: the portal only for a required
    notice; anything but at once for account and security mail). Only choices other than the
    default (email at once) are stored: choosing the default deletes the row.

    Side effects: the person's notifications of a changed kind that still wait for the digest
    follow the new choice: at once → back in the outbox, delivery queued on commit; the portal
    only → not emailed; the digest → unchanged."""
    errors = {
        kind: message for kind, delivery in choices.items() if (message := _refusal(kind, delivery))
    }
    if errors:
        raise ValidationError(errors)
    stored = dict(
        NotificationPreference.objects.select_for_update()
        .filter(user=user)
        .values_list("kind", "delivery")
    )
    changed = [kind for kind, delivery in choices.items() if stored.get(kind, DEFAULT) != delivery]
    if not changed:
        return []
    defaults = [kind for kind in changed if choices[kind] == DEFAULT]
    if defaults:
        NotificationPreference.objects.filter(user=user, kind__in=defaults).delete()
    others = [
        NotificationPreference(user=user, kind=kind, delivery=choices[kind])
        for kind in changed
        if kind not in defaults
    ]
    if others:
        NotificationPreference.objects.bulk_create(
            others,
            update_conflicts=True,
            unique_fields=["user", "kind"],
            update_fields=["delivery", "updated_at"],
        )
    _release_waiting(user, changed, choices)
    return changed


def _release_waiting(user, kinds: list[str], choices: Mapping[str, str]) -> None:
    """Notifications of ``kinds`` waiting for the digest follow the new choice."""
    waiting = Notification.objects.filter(recipient=user, email_status=EmailStatus.DIGEST)
    now_kinds = [kind for kind in kinds if choices[kind] == Delivery.IMMEDIATE]
    portal_kinds = [kind for kind in kinds if choices[kind] == Delivery.PORTAL]
    if portal_kinds:
        waiting.filter(kind__in=portal_kinds).update(email_status=EmailStatus.PORTAL_ONLY)
    if now_kinds:
        ids = list(waiting.filter(kind__in=now_kinds).values_list("pk", flat=True))
        if ids:
            Notification.objects.filter(pk__in=ids).update(email_status=EmailStatus.PENDING)
            transaction.on_commit(lambda: queue_delivery(ids))


def preferences_personal_data(user) -> list[dict]:
    """The personal-data section (``core.personal_data``): the person's stored choices."""
    rows = NotificationPreference.objects.filter(user=user).order_by("kind")
    return [
        {
            "kind": kind,
            "kind_label": str(notification_kind_label(kind)),
            "delivery": delivery,
            "delivery_label": str(Delivery(delivery).label),
            "changed_at": changed_at.isoformat(),
        }
        for kind, delivery, changed_at in rows.values_list("kind", "delivery", "updated_at")
    ]
