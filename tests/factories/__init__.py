"""Factories shared by every test area. Areas add their own modules next to this one
(``tests/factories/screening.py``, …) and import the basics from here."""

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.enums import AccountSource, Grade, Role
from accounts.models import Department, User
from accounts.services import user_grant_role
from proposals.enums import CoProposerStatus, ProposalStatus
from proposals.models import Call, CoProposer, Proposal

PASSWORD = "pw-Glab-2026!"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"D{n:04d}")
    name = factory.Sequence(lambda n: f"테스트{n}과")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"E{n:06d}")
    full_name = factory.Sequence(lambda n: f"직원{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username.lower()}@example.go.kr")
    department = factory.SubFactory(DepartmentFactory)
    grade = Grade.GRADE_7
    source = AccountSource.HR
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def innovation_unit_user(**kwargs) -> User:
    user = UserFactory(**kwargs)
    user_grant_role(user=user, role=Role.INNOVATION_UNIT)
    return user


class CallFactory(factory.django.DjangoModelFactory):
    """An open call by default (opened yesterday, closes in a week)."""

    class Meta:
        model = Call

    title = factory.Sequence(lambda n: f"2026년 G-랩 과제 공모 {n}")
    code = factory.Sequence(lambda n: f"2026-G{n}")
    description = "도정 혁신 과제를 공모합니다."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    created_by = factory.LazyFunction(innovation_unit_user)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    call = factory.SubFactory(CallFactory)
    proposer = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"블록체인을 활용한 행정혁신 {n}")
    problem = "서류 발급에 시간이 오래 걸립니다."
    idea = "블록체인으로 증명서를 발급합니다."
    effect = "도민 편의가 높아집니다."
    owning_department = factory.SubFactory(DepartmentFactory)
    keywords = "블록체인, 행정혁신"
    status = ProposalStatus.DRAFT


class SubmittedProposalFactory(ProposalFactory):
    status = ProposalStatus.SUBMITTED
    reference = factory.Sequence(lambda n: f"2026-G-{n:03d}")
    submitted_at = factory.LazyFunction(timezone.now)


class CoProposerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoProposer

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.SubFactory(UserFactory)
    status = CoProposerStatus.ACCEPTED
