"""The key of a person's cached page-header state (see ``glab_portal.header``).

The header shows the unread-notification count and the role-dependent menu. Computing them
costs three queries on every page, so the project caches them per person under a key that
includes ``User.header_changed_at``; whatever changes them calls :func:`header_changed` in the
same transaction, so the next page reads a fresh key. The user row is loaded on every request
anyway, so the key costs nothing; and because it is a timestamp rather than a counter, a
rolled-back change can never make an old cache entry current again. (A full ``save()`` of a
user row loaded before a change writes the older time back; the header is then stale until the
next change or ``HEADER_CACHE_SECONDS``, which is why the cache decides only what the header
shows, never what a person may do.)
"""

from collections.abc import Iterable

from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone

from .models import User


def header_changed(user_ids: Iterable[int]) -> None:
    """Marks these people's cached header state stale (one UPDATE; no-op for none)."""
    ids = sorted({pk for pk in user_ids if pk is not None})
    if ids:
        User.objects.filter(pk__in=ids).update(header_changed_at=timezone.now())


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="accounts-header-groups")
def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Roles are groups: adding or removing one (either side of the relation) changes the menu."""
    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if not reverse:
        header_changed([instance.pk])
    elif pk_set:
        header_changed(pk_set)
    elif action == "pre_clear":
        header_changed(instance.user_set.values_list("pk", flat=True))
