"""Registries through which apps add panels to pages they do not own: a proposal's page and
the home page. The page's app renders whatever is registered, so neither it nor the ledger,
notifications or any other contributor imports the other (README, "Architecture").

Panels other apps add to a proposal's page (and to the home page, at the end), without
proposals importing them.

An app registers a function in its ``AppConfig.ready``::

    register_proposal_panel(order=20, func=routing_panel)

``func(request, proposal)`` returns ``None`` (nothing to show to this user) or a pair
``(template_name, context)``. It is only ever called with a proposal the user may see (the
proposal's page and the panel view below fetch it through ``visible_proposals``), so it decides
only what this user sees *of* it. Each function must run a fixed number of queries.

The page is rendered afresh on every request; nothing of it is cached.

A panel that costs more than the page itself (similar proposals, the change history) is
registered as **deferred**, with a ``slug``, a ``title`` and ``applies(request, proposal)``, a
cheap test of whether this user gets the panel at all. The page then holds only a link to
``proposals:proposal-panel``, which htmx swaps for the panel once it scrolls into view; without
JavaScript the link opens the panel as a page of its own. So the page renders quickly and the
panel still arrives, for the same people, through the same function.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

PanelFunc = Callable[..., tuple[str, dict] | None]


@dataclass(frozen=True)
class Panel:
    order: int
    func: PanelFunc
    slug: str = ""
    title: str = ""
    applies: Callable[..., bool] | None = None

    @property
    def deferred(self) -> bool:
        return bool(self.slug)


@dataclass(frozen=True)
class ShownPanel:
    """One panel on the page: rendered now (``template``/``context``) or later (``url``)."""

    template: str = ""
    context: dict | None = None
    url: str = ""
    title: str = ""
    slug: str = ""


_panels: list[Panel] = []


def register_proposal_panel(
    *, order: int, func: PanelFunc, slug: str = "", title: str = "", applies: Callable[..., bool] | None = None
) -> None:
    if slug and applies is None:
        raise ValueError("a deferred panel needs applies(request, proposal)")
    _add(_panels, Panel(order=order, func=func, slug=slug, title=title, applies=applies))


def _add(registry: list[Panel], panel: Panel) -> None:
    """Adds ``panel`` in order, once (``ready`` may run more than once in tests)."""
    if all(existing.func is not panel.func for existing in registry):
        registry.append(panel)
        registry.sort(key=lambda existing: existing.order)


def _shown(result: tuple[str, dict] | None) -> list[ShownPanel]:
    return [] if result is None else [ShownPanel(template=result[0], context=result[1])]


def deferred_panel(slug: str) -> Panel | None:
    return next((panel for panel in _panels if panel.deferred and panel.slug == slug), None)


def proposal_panels(request, proposal) -> list[ShownPanel]:
    shown = []
    for panel in _panels:
        if panel.deferred:
            if panel.applies(request, proposal):
                url = reverse("proposals:proposal-panel", kwargs={"pk": proposal.pk, "slug": panel.slug})
                shown.append(ShownPanel(url=url, title=str(panel.title), slug=panel.slug))
            continue
        shown += _shown(panel.func(request, proposal))
    return shown


# --- The home page's panels ------------------------------------------------------------------
#
# A signed-in person's home is their work, one section per role they hold (README, "A home per
# role"). ``register_home_panel(order=…, func=…, role=…)``: ``func(request)`` returns ``None``
# (nothing for this person) or ``(template_name, context)`` (``panel`` is the context). The
# home shows the panels grouped by ``role``, in ``HOME_ROLES`` order (the main role first: the
# innovation unit runs the program, a lab member works full time in the lab, a board seat and a
# department's inbox come with a deadline, and everyone is staff), each role's panels by
# ``order``. Each must run a fixed number of queries whatever the data: the homes are
# benchmarked lists.

HOME_ROLES = ("unit", "lab", "board", "liaison", "staff")

_home_panels: list[Panel] = []
_home_roles: dict[PanelFunc, str] = {}


def register_home_panel(*, order: int, func: PanelFunc, role: str = "staff") -> None:
    if role not in HOME_ROLES:
        raise ValueError(f"unknown home role {role!r}")
    _home_roles[func] = role
    _add(_home_panels, Panel(order=order, func=func))


def home_panels(request) -> list[ShownPanel]:
    """The person's home panels: the main role's first (``HOME_ROLES``), then by ``order``."""
    ranked = sorted(_home_panels, key=lambda panel: (HOME_ROLES.index(_home_roles[panel.func]), panel.order))
    return [shown for panel in ranked for shown in _shown(panel.func(request))]


# --- The innovation unit's calls on its home -------------------------------------------------
#
# The unit's home lists the calls in progress with, for each, what waits on the unit. The calls
# are the proposals app's; what waits belongs to screening, routing and labs, which add it here
# without the proposals app importing them: ``register_call_work(order=…, func=…)``, where
# ``func(calls)`` takes the listed calls and returns ``{call pk: [WorkItem, …]}`` in a fixed
# number of queries.


@dataclass(frozen=True)
class WorkItem:
    """One figure of someone's work on their home: its words with the count in them ("3 to
    answer"), the page where the work is done and a tone ("danger" late, "warning" soon)."""

    label: str
    url: str
    tone: str = ""


_call_work: list[Panel] = []


def register_call_work(*, order: int, func: Callable[..., dict[int, list[WorkItem]]]) -> None:
    _add(_call_work, Panel(order=order, func=func))


def call_work(calls: list) -> dict[int, list[WorkItem]]:
    """``{call pk: [WorkItem, …]}`` from every registered contributor, in their order."""
    work: dict[int, list[WorkItem]] = {call.pk: [] for call in calls}
    if not calls:
        return work
    for contributor in _call_work:
        for pk, items in contributor.func(calls).items():
            work.setdefault(pk, []).extend(items)
    return work


# --- A call's page -------------------------------------------------------------------------
#
# ``register_call_panel(order=…, func=…)``: ``func(request, call)`` returns ``None`` or
# ``(template_name, context)``, rendered on the call's page after its schedule (the screening
# app shows the published criteria there). The call page is public: a panel decides what an
# anonymous visitor sees too. A fixed number of queries each.

_call_panels: list[Panel] = []


def register_call_panel(*, order: int, func: PanelFunc) -> None:
    _add(_call_panels, Panel(order=order, func=func))


def call_panels(request, call) -> list[ShownPanel]:
    return [shown for panel in _call_panels for shown in _shown(panel.func(request, call))]
