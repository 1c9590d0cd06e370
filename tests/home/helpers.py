"""Helpers for the home tests: the panels the home shows (``core.panels.ShownPanel``), by the
template that renders them, and the page's queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

HOME_TEMPLATES = {
    "staff": "proposals/home/staff.html",
    "unit calls": "proposals/home/unit_calls.html",
    "unit answers": "routing/home/unit_answers.html",
    "unit labs": "labs/home/unit_labs.html",
    "board": "screening/home/board.html",
    "liaison": "routing/home/liaison.html",
    "liaison releases": "labs/home/releases.html",
    "lab": "labs/home/member.html",
}


def open_home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def panels(response) -> dict[str, dict]:
    """``{template name: the panel's context}`` of the sections shown, in order."""
    return {shown.template: shown.context for shown in response.context["panels"]}


def panel(response, key: str) -> dict:
    return panels(response)[HOME_TEMPLATES[key]]


def home_queries(client, user) -> tuple[int, str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(queries.captured_queries), "\n".join(q["sql"] for q in queries.captured_queries)
