"""What the accounts app holds about a person, for their "my data" download
(``core.personal_data``): the profile, with the roles and liaison departments."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import iso, register_personal_data

from .enums import Role
from .models import User
from .permissions import liaison_departments
from .selectors import api_tokens_personal_data


def profile(user) -> list[dict]:
    """One row: the person's account (3 queries: the account with its department, the
    groups, the liaison departments)."""
    person = User.objects.select_related("department").get(pk=user.pk)
    roles = sorted(person.groups.values_list("name", flat=True))
    return [
        {
            "employee_number": person.username,
            "full_name": person.full_name,
            "email": person.email,
            "department": person.department.name if person.department_id else None,
            "department_code": person.department.code if person.department_id else None,
            "grade": person.get_grade_display() if person.grade else None,
            "roles": [str(Role(name).label) if name in Role.values else name for name in roles],
            "liaison_for_departments": sorted(
                liaison_departments(person).values_list("name", flat=True)
            ),
            "account_source": str(person.get_source_display()),
            "active": person.is_active,
            "joined_at": iso(person.date_joined),
            "last_signed_in_at": iso(person.last_login),
        }
    ]


def register() -> None:
    register_personal_data(
        order=0,
        slug="profile",
        title=_("Profile"),
        func=profile,
        covers=("accounts.DepartmentUserObjectPermission.user",),
    )
    register_personal_data(
        order=90,
        slug="api_tokens",
        title=_("Your API tokens"),
        func=api_tokens_personal_data,
        covers=("accounts.ApiToken.user",),
    )
