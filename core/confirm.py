"""The confirmation step before an action that cannot be undone (withdraw, leave, an import
that deactivates people).

The action's URL answers POST as before but acts only when the POST carries ``confirm=1``; a
POST without it writes nothing and answers with a page that states exactly what will happen,
a confirm button (the same URL, ``confirm=1``) and a way back.
"""

from django.http import HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirm"


def is_confirmed(request) -> bool:
    """Whether the person pressed the confirm button of the confirmation step."""
    return request.POST.get(CONFIRM_FIELD) == "1"


def confirmation_page(
    request, *, title: str, statement: str, confirm_label: str, cancel_url: str, crumbs=()
) -> HttpResponse:
    """The confirmation page: ``statement`` says what will happen; confirming posts back to
    the same URL with ``confirm=1``; ``cancel_url`` is where the person came from."""
    context = {
        "title": title,
        "statement": statement,
        "confirm_label": confirm_label,
        "cancel_url": cancel_url,
        "action_url": request.path,
        "crumbs": [*crumbs, (title, "")],
    }
    return render(request, "confirm.html", context)
