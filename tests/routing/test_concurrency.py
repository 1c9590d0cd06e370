"""Races that only a real database shows: two people acting on the same row at once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from routing import services
from routing.enums import ReviewVerdict, RoutingStatus
from routing.models import Review, Routing, RoutingEvent
from tests.concurrency import race
from tests.factories import innovation_unit_user
from tests.factories.routing import NotSelectedProposalFactory, RoutingFactory, liaison_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")




def test_two_liaisons_answering_at_once_leave_one_answer():
    routing = RoutingFactory()
    first, second = liaison_user(routing.department), liaison_user(routing.department)
    target = timezone.localdate() + timedelta(days=30)
    outcomes = race(
        lambda: services.routing_answer(routing=routing, by=first, status=RoutingStatus.DECLINED, text="예산 부족"),
        lambda: services.routing_answer(
            routing=routing, by=second, status=RoutingStatus.ADOPTED, text="추진", target_date=target
        ),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["Routing", "ValidationError"]
    routing.refresh_from_db()
    answers = RoutingEvent.objects.filter(routing=routing, kind="answer")
    assert answers.count() == 1
    assert answers.get().status == routing.status


def test_double_submitted_review_routes_once():
    proposal = NotSelectedProposalFactory()
    unit = innovation_unit_user()

    def review():
        services.proposal_review(
            proposal=proposal, by=unit, verdict=ReviewVerdict.ROUTE, departments=[proposal.owning_department]
        )

    outcomes = race(review, review)
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1
    assert Review.objects.filter(proposal=proposal).count() == 1
    assert Routing.objects.filter(proposal=proposal).count() == 1
