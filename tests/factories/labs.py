"""Factories for labs. Labs are built through the services wherever the test is about
behaviour; ``running_lab`` gives a started lab with accepted, acknowledged members."""

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.services import department_liaison_assign
from labs import services
from labs.enums import MembershipStatus
from labs.models import Lab, Membership
from labs.terms import term_end
from proposals.enums import ProposalStatus
from tests.factories import SubmittedProposalFactory, UserFactory, innovation_unit_user


class SelectedProposalFactory(SubmittedProposalFactory):
    status = ProposalStatus.SELECTED


class LabFactory(factory.django.DjangoModelFactory):
    """A recruiting lab with no members (use the services to add them)."""

    class Meta:
        model = Lab

    proposal = factory.SubFactory(SelectedProposalFactory)
    name = factory.Sequence(lambda n: f"블록체인 랩 {n}")
    mission = "블록체인으로 증명서 발급을 혁신합니다."
    start_date = factory.LazyFunction(lambda: timezone.localdate())
    end_date = factory.LazyAttribute(lambda lab: term_end(lab.start_date, 6))
    created_by = factory.LazyFunction(innovation_unit_user)


def join(lab: Lab, user, *, by=None) -> Membership:
    """Volunteer, get invited by the innovation unit and accept (the whole consent path)."""
    iu = by or innovation_unit_user()
    membership = services.lab_volunteer(lab=lab, by=user)
    services.membership_invite(membership=membership, by=iu)
    return services.membership_respond(lab=lab, by=user, accept=True)


def acknowledge_all(lab: Lab, *, by=None) -> None:
    iu = by or innovation_unit_user()
    for membership in lab.memberships.filter(status=MembershipStatus.ACTIVE):
        for release in membership.releases.filter(acknowledged_at__isnull=True, closed_at__isnull=True):
            services.release_acknowledge(release=release, by=iu, order_reference="")


def running_lab(*members, iu=None, start_offset_days: int = 0) -> Lab:
    """A lab started with the given members (two UserFactory members by default)."""
    iu = iu or innovation_unit_user()
    start = timezone.localdate() - timedelta(days=start_offset_days)
    lab = LabFactory(start_date=start, end_date=term_end(start, 6), created_by=iu)
    for user in members or (UserFactory(), UserFactory()):
        join(lab, user, by=iu)
    acknowledge_all(lab, by=iu)
    return services.lab_start(lab=lab, by=iu)


def liaison_of(department, **kwargs):
    user = UserFactory(**kwargs)
    department_liaison_assign(department=department, user=user)
    return user
