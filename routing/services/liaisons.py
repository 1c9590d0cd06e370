"""Who answers for a department: the innovation unit designates and revokes liaisons."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Department, User
from accounts.permissions import is_innovation_unit
from accounts.services import department_liaison_assign, department_liaison_remove


@transaction.atomic
def liaison_designate(*, department: Department, user: User, by: User) -> None:
    """The innovation unit makes ``user`` a liaison of ``department``."""
    if not is_innovation_unit(by):
        raise PermissionDenied
    if not department.is_active:
        raise ValidationError(_("A closed department cannot have liaisons."))
    if not user.is_active:
        raise ValidationError(_("This person's account is not active."))
    department_liaison_assign(department=department, user=user)


@transaction.atomic
def liaison_revoke(*, department: Department, user: User, by: User) -> None:
    if not is_innovation_unit(by):
        raise PermissionDenied
    department_liaison_remove(department=department, user=user)
