"""Panels other apps add to a proposal's page, without proposals importing them.

An app registers a function in its ``AppConfig.ready``::

    register_proposal_panel(order=20, func=routing_panel)

``func(request, proposal)`` returns ``None`` (nothing to show to this user) or a pair
``(template_name, context)``. Each function must run a fixed number of queries.
"""

from collections.abc import Callable

PanelFunc = Callable[..., tuple[str, dict] | None]
_panels: list[tuple[int, PanelFunc]] = []


def register_proposal_panel(*, order: int, func: PanelFunc) -> None:
    if all(existing is not func for _order, existing in _panels):
        _panels.append((order, func))
        _panels.sort(key=lambda item: item[0])


def proposal_panels(request, proposal) -> list[tuple[str, dict]]:
    rendered = []
    for _order, func in _panels:
        panel = func(request, proposal)
        if panel is not None:
            rendered.append(panel)
    return rendered
