"""The inbox rows: every state a routing can show, in the markup of ``{% badge %}``."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from core.templatetags import badge
from routing.enums import RoutingStatus
from routing.models import Routing
from tests.factories import DepartmentFactory
from tests.factories.routing import RoutingFactory, liaison_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", RoutingStatus.values)
@pytest.mark.parametrize("late", [False, True])
def test_status_badges_are_the_badge_tag(status, late):
    due_on = timezone.localdate() + timedelta(days=-1 if late else 1)
    routing = Routing(status=status, due_on=due_on)
    with translation.override("ko"):
        html = Template("{% load routing_tags %}{% routing_status_badges routing %}").render(
            Context({"routing": routing})
        )
        expected = badge(routing.get_status_display(), routing.status_tone)
        if routing.is_overdue:
            expected += " " + badge(translation.pgettext("routing", "Overdue"), "danger")
    assert html == expected
    assert ("bg-light-danger" in html) == (routing.is_overdue or routing.status_tone == "danger")


def test_status_badges_follow_the_language():
    routing = Routing(status=RoutingStatus.ADOPTED, due_on=timezone.localdate())
    template = Template("{% load routing_tags %}{% routing_status_badges routing %}")
    with translation.override("en"):
        english = template.render(Context({"routing": routing}))
    with translation.override("ko"):
        korean = template.render(Context({"routing": routing}))
    assert "Adopted" in english and "Adopted" not in korean


def test_inbox_row_shows_closed_department_reroute_target_and_overdue(client):
    department, target = DepartmentFactory(), DepartmentFactory()
    late = RoutingFactory(department=department, due_on=timezone.localdate() - timedelta(days=3))
    rerouted = RoutingFactory(department=department)
    Routing.objects.filter(pk=rerouted.pk).update(
        status=RoutingStatus.REROUTE_REQUESTED, reroute_to=target, department_closed=True
    )
    client.force_login(liaison_user(department))
    with translation.override("ko"):
        content = client.get(reverse("routing:inbox")).content.decode()
        overdue = badge(translation.pgettext("routing", "Overdue"), "danger")
        closed = badge(translation.gettext("Department closed"), "warning")
        reroute = badge(RoutingStatus.REROUTE_REQUESTED.label, "warning")
    assert f'href="{reverse("routing:routing-detail", args=[late.pk])}"' in content
    assert f"{badge(RoutingStatus.AWAITING.label, 'danger')} {overdue}" in content
    assert f"{department.name} {closed}</td>" in content
    assert f"{reroute}<br>→ {target.name}</td>" in content
    assert late.proposal.reference in content and rerouted.proposal.title in content
    assert timezone.localtime(late.routed_at).strftime("%Y-%m-%d") in content
    assert late.due_on.strftime("%Y-%m-%d") in content
