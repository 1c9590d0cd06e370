"""What the page header shows about the signed-in person, for every page.

The header needs the unread-notification count, the person's roles (groups) and whether they
sit on a screening board: three queries, and they span apps, so the project assembles them
here. They are cached per person under ``User.header_changed_at`` (``accounts.header``), which
every change to them moves; the entry also expires after ``settings.HEADER_CACHE_SECONDS`` as a
backstop (0 turns the cache off: the test settings do, so query counts do not depend on it).
The cache only decides what the header *shows*: every view still checks permissions itself.
"""

from functools import cache as once

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from accounts.enums import Role
from accounts.permissions import group_names
from notifications.models import Notification
from screening.permissions import board_calls


def header_state(user) -> dict:
    """``{"unread": int, "groups": frozenset, "board": bool}`` for a signed-in person."""
    changed = user.header_changed_at.timestamp() if user.header_changed_at else 0
    key = f"glab:header:{user.pk}:{changed}"
    seconds = settings.HEADER_CACHE_SECONDS
    state = cache.get(key) if seconds else None
    if state is None:
        state = {
            "unread": Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
            "groups": group_names(user),
            "board": board_calls(user).exists(),
        }
        if seconds:
            cache.set(key, state, seconds)
    return state


NAV_URL_NAMES = (
    "home",
    "proposals:call-list",
    "proposals:my-proposals",
    "labs:lab-list",
    "insight:outcomes",
    "insight:dashboard",
    "insight:search",
    "screening:screening-list",
    "routing:inbox",
    "labs:release-list",
)


@once
def _nav_paths() -> frozenset[str]:
    return frozenset(reverse(name) for name in NAV_URL_NAMES)


def header(request):
    """``nav_current`` is the path when it is a menu item's (for aria-current), else "": with the
    language and ``header_roles`` it keys the menu's fragment cache, so the cache holds at most
    a few entries per language and role combination, whatever paths are requested."""
    user = request.user
    nav_current = request.path if request.path in _nav_paths() else ""
    if not user.is_authenticated:
        return {
            "nav_current": nav_current,
            "header_roles": "anon",
            "unread_notification_count": 0,
            "is_board_member": False,
        }
    state = SimpleLazyObject(lambda: header_state(user))

    def roles() -> str:
        """A short key of the menu's role flags, for the menu's shared fragment cache."""
        groups = state["groups"]
        flags = (
            user.is_superuser or Role.INNOVATION_UNIT.value in groups,
            Role.DEPARTMENT_LIAISON.value in groups,
            state["board"],
        )
        return "".join("1" if flag else "0" for flag in flags)

    return {
        "nav_current": nav_current,
        "header_roles": SimpleLazyObject(roles),
        "unread_notification_count": SimpleLazyObject(lambda: state["unread"]),
        "is_board_member": SimpleLazyObject(lambda: state["board"]),
        "nav_is_innovation_unit": SimpleLazyObject(lambda: roles()[0] == "1"),
        "nav_is_liaison": SimpleLazyObject(lambda: roles()[1] == "1"),
    }
