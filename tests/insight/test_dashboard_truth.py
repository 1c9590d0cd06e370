"""Dashboards that tell the truth: they open on the newest call that has submissions, and a
count axis reads in whole numbers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from insight.charts import axis_ticks, column_chart, nice_max
from tests.factories import CallFactory, SubmittedProposalFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_opens_on_the_newest_call_with_submissions(staff_client):
    older = CallFactory(
        opens_at=timezone.now() - timedelta(days=60), closes_at=timezone.now() - timedelta(days=30)
    )
    SubmittedProposalFactory(call=older)
    CallFactory(
        opens_at=timezone.now() - timedelta(days=1), closes_at=timezone.now() + timedelta(days=10)
    )

    response = staff_client.get(reverse("insight:dashboard"))

    assert response.status_code == 200
    assert response.context["current_call"] == older


def test_with_no_submissions_anywhere_it_opens_on_the_newest_call(staff_client):
    CallFactory(
        opens_at=timezone.now() - timedelta(days=60), closes_at=timezone.now() - timedelta(days=30)
    )
    newest = CallFactory(
        opens_at=timezone.now() - timedelta(days=1), closes_at=timezone.now() + timedelta(days=10)
    )
    assert staff_client.get(reverse("insight:dashboard")).context["current_call"] == newest


@pytest.mark.parametrize("largest", [1, 2, 3, 5, 7, 13, 37, 250, 1000])
def test_count_axes_read_in_whole_numbers(largest):
    ticks = axis_ticks(nice_max(largest))
    assert ticks[0] == 0 and ticks[-1] == nice_max(largest) and 2 <= len(ticks) <= 6
    assert all(float(t).is_integer() for t in ticks)
    labels = [label for _y, label in column_chart([("a", largest), ("b", 0)]).ticks]
    assert all("." not in label for label in labels)


def test_before_the_deadline_the_last_three_days_are_not_told_as_a_fact(staff_client):
    now = timezone.now()
    call = CallFactory(opens_at=now - timedelta(days=5), closes_at=now + timedelta(days=10))
    SubmittedProposalFactory(call=call)

    response = staff_client.get(reverse("insight:dashboard"), {"call": call.pk})

    figures = {f.slug: f for f in response.context["call_figures"]}
    summary = figures["submissions"].summary
    deadline = timezone.localtime(call.closes_at).date().isoformat()
    assert deadline in summary and "%" not in summary  # no "0 (0%) in the last three days"
    # The axis runs from the opening to today, not to a deadline still ten days away.
    days = [row[0] for row in figures["submissions"].rows]
    assert days[-1] == timezone.localdate().isoformat()


def test_after_the_deadline_the_last_three_days_share_is_told(staff_client):
    now = timezone.now()
    call = CallFactory(opens_at=now - timedelta(days=20), closes_at=now - timedelta(days=5))
    SubmittedProposalFactory(call=call)
    figures = {
        f.slug: f
        for f in staff_client.get(reverse("insight:dashboard"), {"call": call.pk}).context[
            "call_figures"
        ]
    }
    assert "%" in figures["submissions"].summary


def test_a_chart_of_zeros_says_so_instead_of_drawing_nothing(staff_client):
    now = timezone.now()
    call = CallFactory(opens_at=now - timedelta(days=5), closes_at=now + timedelta(days=10))
    SubmittedProposalFactory(call=call)
    response = staff_client.get(reverse("insight:dashboard"), {"call": call.pk})
    figures = {f.slug: f for f in response.context["call_figures"]}
    assert figures["routing-status"].empty and figures["routing-status"].rows  # every state 0
    assert not figures["submissions"].empty
    html = response.content.decode()
    routing = html[html.index('id="figure-routing-status"') :]
    routing = routing[: routing.index("</figure>")]
    assert "<svg" not in routing and "insight-chart-empty" in routing and "<table" in routing
