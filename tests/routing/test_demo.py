import pytest
from django.utils import timezone

from proposals.enums import ProposalStatus
from routing import demo
from routing.enums import RoutingStatus
from routing.models import Review, Routing
from tests.factories import (
    CallFactory,
    DepartmentFactory,
    SubmittedProposalFactory,
    UserFactory,
    innovation_unit_user,
)

pytestmark = pytest.mark.django_db


def test_demo_skips_quietly_without_the_past_call():
    demo.seed(now=timezone.now())
    assert not Review.objects.exists()


def test_demo_reviews_routes_and_answers_the_past_calls_not_selected_proposals():
    innovation_unit_user(username="iu01")
    call = CallFactory(code="2019-G")
    departments = [DepartmentFactory() for _ in range(7)]
    for number in range(25):
        SubmittedProposalFactory(
            call=call,
            reference=f"2019-G-{number + 1:03d}",
            owning_department=departments[number % 7],
            status=ProposalStatus.SELECTED if number == 0 else ProposalStatus.NOT_SELECTED,
        )
    UserFactory(username="liaison01", department=departments[6])

    demo.seed(now=timezone.now())
    demo.seed(now=timezone.now())

    assert Review.objects.count() == 24
    statuses = set(Routing.objects.values_list("status", flat=True))
    assert statuses >= {
        RoutingStatus.ADOPTED, RoutingStatus.UNDER_STUDY, RoutingStatus.DECLINED,
        RoutingStatus.ALREADY_DONE, RoutingStatus.IMPLEMENTED, RoutingStatus.AWAITING,
    }
    assert any(r.is_overdue for r in Routing.objects.all())
    liaison_departments = set(Routing.objects.values_list("department", flat=True))
    assert departments[6].pk in liaison_departments
    assert len(liaison_departments) == 5
