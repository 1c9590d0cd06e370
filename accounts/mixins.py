"""Role-required pages: one mixin per role, the role test written once."""

from core.views import RoleRequiredMixin

from .permissions import is_innovation_unit, is_office_staff


class InnovationUnitRequiredMixin(RoleRequiredMixin):
    """Anonymous → sign-in; signed in without the innovation-unit role → 403."""

    role_test = is_innovation_unit


class OfficeStaffRequiredMixin(RoleRequiredMixin):
    """Anonymous → sign-in; signed in without a department (an outside evaluator) → 403."""

    role_test = is_office_staff
