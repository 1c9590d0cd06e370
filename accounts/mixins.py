"""The innovation unit's pages: one mixin, the role test written once."""

from core.views import RoleRequiredMixin

from .permissions import is_innovation_unit


class InnovationUnitRequiredMixin(RoleRequiredMixin):
    """Anonymous → sign-in; signed in without the innovation-unit role → 403."""

    role_test = is_innovation_unit
