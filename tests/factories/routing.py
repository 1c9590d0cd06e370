"""Factories for the routing area: liaisons, not-selected proposals and routings."""

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import Department, User
from accounts.services import department_liaison_assign
from proposals.enums import ProposalStatus
from routing.enums import ReviewVerdict, RoutingEventKind
from routing.models import AnswerTemplate, Review, Routing, RoutingEvent

from . import DepartmentFactory, SubmittedProposalFactory, UserFactory, innovation_unit_user


def liaison_user(department: Department, **kwargs) -> User:
    """A staff member of ``department`` who answers for it."""
    user = UserFactory(department=department, **kwargs)
    department_liaison_assign(department=department, user=user)
    return user


class NotSelectedProposalFactory(SubmittedProposalFactory):
    status = ProposalStatus.NOT_SELECTED


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    proposal = factory.SubFactory(NotSelectedProposalFactory)
    verdict = ReviewVerdict.ROUTE
    note = "부서 업무와 직접 연관되어 추진 가치가 있습니다."
    reviewed_by = factory.LazyFunction(innovation_unit_user)


class RoutingFactory(factory.django.DjangoModelFactory):
    """A proposal routed to a department (with its review and the 'routed' history entry)."""

    class Meta:
        model = Routing
        skip_postgeneration_save = True

    proposal = factory.LazyAttribute(lambda o: ReviewFactory().proposal)
    department = factory.SubFactory(DepartmentFactory)
    is_lead = True
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))

    @factory.post_generation
    def routed_event(obj, create, extracted, **kwargs):
        if create:
            RoutingEvent.objects.create(
                routing=obj, kind=RoutingEventKind.ROUTED, status=obj.status, department=obj.department,
                due_on=obj.due_on,
            )


class AnswerTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnswerTemplate

    title = factory.Sequence(lambda n: f"소관 부서 검토 요청 {n}")
    verdict = ReviewVerdict.ROUTE
    body = "실효성이 있어 소관 부서에서 추진을 검토해 주시기 바랍니다."
    created_by = factory.LazyFunction(innovation_unit_user)
