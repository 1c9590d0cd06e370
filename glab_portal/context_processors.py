"""The page header on every page: the unread count, the menu and the header's links.

What the header needs to know about the person (unread count, roles, board seats) is read by
``glab_portal.header.header_state`` in one statement, lazily: a response that renders no header
asks nothing. It only decides what the page *shows*: every view still checks permissions itself.

The menu is built here as a list of ``{"url", "label", "current"}`` for base.html's one loop;
its URLs and the header's other links (``header_urls``) are reversed once per process (and
script prefix) rather than by a ``{% url %}`` per link on every page.
"""

from functools import cache as once

from django.urls import get_script_prefix, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.enums import Role
from routing.permissions import can_use_idea_bank

from .header import header_state

# The menu, in order: (URL name, label, who sees it). "all" is everyone, "staff" everyone
# signed in, "idea bank" whom the idea bank's views let in (``routing.permissions
# .can_use_idea_bank``: not an outside evaluator), "screening" a board member or the
# innovation unit, "liaison" a department liaison.
MENU = (
    ("home", _("Home"), "all"),
    ("proposals:call-list", _("Calls"), "all"),
    ("proposals:my-proposals", _("My proposals"), "staff"),
    ("labs:lab-list", pgettext_lazy("navigation", "G-Labs"), "staff"),
    ("insight:outcomes", pgettext_lazy("navigation", "Outcomes"), "staff"),
    ("routing:idea-list", pgettext_lazy("navigation", "Idea bank"), "idea bank"),
    ("insight:dashboard", pgettext_lazy("navigation", "Dashboard"), "staff"),
    ("insight:search", pgettext_lazy("navigation", "Search proposals"), "staff"),
    ("screening:screening-list", pgettext_lazy("navigation", "Screening"), "screening"),
    ("routing:inbox", pgettext_lazy("navigation", "Department inbox"), "liaison"),
    ("labs:release-list", pgettext_lazy("navigation", "Duty releases"), "liaison"),
)
# The innovation unit's own menu (a disclosure after the others); duty releases appear here
# only for a unit member who is not also a liaison (who has them in the main menu already).
UNIT_MENU = (
    ("proposals:call-create", _("New call"), "unit"),
    ("routing:review-call-list", pgettext_lazy("navigation", "Practical-effect review"), "unit"),
    ("routing:tracking", pgettext_lazy("navigation", "Department answers"), "unit"),
    ("routing:liaison-list", pgettext_lazy("navigation", "Department liaisons"), "unit"),
    ("labs:overview", pgettext_lazy("navigation", "Lab overview"), "unit"),
    ("labs:release-list", pgettext_lazy("navigation", "Duty releases"), "unit, not liaison"),
    ("insight:unit-dashboard", pgettext_lazy("navigation", "Unit dashboard"), "unit"),
    ("notifications:outbox", pgettext_lazy("navigation", "Outbox"), "unit"),
    ("ledger:entry-list", pgettext_lazy("navigation", "Decision ledger"), "unit"),
    ("people:import-list", pgettext_lazy("navigation", "HR data import"), "unit"),
    ("privacy:correction-list", pgettext_lazy("navigation", "Correction requests"), "unit"),
)


# The header's other links, by the key base.html reads them under (``header_urls.login``).
HEADER_LINKS = {
    "home": "home",
    "javascript_catalog": "javascript-catalog",
    "login": "accounts:login",
    "logout": "accounts:logout",
    "password_change": "accounts:password-change",
    "notifications": "notifications:list",
    "notification_settings": "notifications:preferences",
    "set_language": "set_language",
    "my_data": "privacy:my-data",
    "calendar": "notifications:calendar",
    "api_tokens": "accounts:api-tokens",
}


@once
def _menu_urls(prefix: str) -> dict[str, str]:
    """Every menu URL name's path under this script prefix (reversed once per process)."""
    return {name: reverse(name) for name, _label, _who in MENU + UNIT_MENU}


@once
def _header_urls(prefix: str) -> dict[str, str]:
    """``HEADER_LINKS`` reversed under this script prefix, once per process."""
    return {key: reverse(name) for key, name in HEADER_LINKS.items()}


def menu_roles(user, state) -> set[str]:
    """Which of the menu's audiences (``MENU``/``UNIT_MENU``) this person belongs to."""
    roles = {"all"}
    if not user.is_authenticated:
        return roles
    groups = state["groups"]
    unit = user.is_superuser or Role.INNOVATION_UNIT.value in groups
    liaison = Role.DEPARTMENT_LIAISON.value in groups
    roles.add("staff")
    roles.update(
        role
        for role, member in (
            # The idea bank's views' own rule (no query: the roles were read with the state).
            ("idea bank", can_use_idea_bank(user)),
            ("screening", unit or state["board"]),
            ("liaison", liaison),
            ("unit", unit),
            ("unit, not liaison", unit and not liaison),
        )
        if member
    )
    return roles


def menu(items, roles: set[str], path: str) -> list[dict]:
    """The items of ``items`` these roles see, each with its URL and whether it is this page."""
    urls = _menu_urls(get_script_prefix())
    return [
        {"url": urls[name], "label": str(label), "current": urls[name] == path}
        for name, label, who in items
        if who in roles
    ]


def header(request):
    """The header's links, unread count and menus (lazy: a response that renders no header asks
    nothing), and ``nav_is_innovation_unit`` for pages that show the unit's links."""
    user = request.user
    urls = _header_urls(get_script_prefix())
    if not user.is_authenticated:
        return {
            "header_urls": urls,
            "unread_notification_count": 0,
            "nav_is_innovation_unit": False,
            "nav_items": SimpleLazyObject(lambda: menu(MENU, {"all"}, request.path)),
            "nav_unit_items": [],
        }
    state = SimpleLazyObject(lambda: header_state(user))
    roles = SimpleLazyObject(lambda: menu_roles(user, state))
    return {
        "header_urls": urls,
        "unread_notification_count": SimpleLazyObject(lambda: state["unread"]),
        "nav_is_innovation_unit": SimpleLazyObject(lambda: "unit" in roles),
        "nav_items": SimpleLazyObject(lambda: menu(MENU, roles, request.path)),
        "nav_unit_items": SimpleLazyObject(lambda: menu(UNIT_MENU, roles, request.path)),
    }
