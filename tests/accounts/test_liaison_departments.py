"""liaison_departments is guardian's get_objects_for_user for the liaison grant, in one query."""

import pytest
from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm, get_objects_for_user

from accounts.models import Department
from accounts.permissions import LIAISON_PERMISSION, liaison_departments
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def guardian(user):
    return set(
        get_objects_for_user(
            user, LIAISON_PERMISSION, klass=Department, with_superuser=False, accept_global_perms=False
        ).values_list("pk", flat=True)
    )


def test_same_departments_as_guardian_for_user_and_group_grants():
    own, through_group, neither, other_perm = (DepartmentFactory() for _ in range(4))
    user, stranger = UserFactory(), UserFactory()
    assign_perm(LIAISON_PERMISSION, user, own)
    group = Group.objects.create(name="liaisons of a unit")
    group.user_set.add(user)
    assign_perm(LIAISON_PERMISSION, group, through_group)
    assign_perm(LIAISON_PERMISSION, stranger, neither)
    assign_perm("accounts.change_department", user, other_perm)
    mine = set(liaison_departments(user).values_list("pk", flat=True))
    assert mine == {own.pk, through_group.pk} == guardian(user)
    assert set(liaison_departments(stranger).values_list("pk", flat=True)) == {neither.pk} == guardian(stranger)
    assert not liaison_departments(UserFactory()).exists()


def test_superuser_is_not_a_liaison_by_default():
    boss = UserFactory(is_superuser=True)
    assert not liaison_departments(boss).exists() and guardian(boss) == set()


def test_one_query(django_assert_num_queries):
    user = UserFactory()
    assign_perm(LIAISON_PERMISSION, user, DepartmentFactory())
    with django_assert_num_queries(1):
        assert len(list(liaison_departments(user))) == 1
