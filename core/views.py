"""The one role-required view mixin: the portal's denial rule in one place.

Anonymous → the sign-in page (``LoginRequiredMixin``); signed in without the role → 403. A
page that needs a role names the test once, e.g.
``accounts.mixins.InnovationUnitRequiredMixin``. Objects a person may not see are a 404,
decided by the view's queryset, not here.
"""

from collections.abc import Callable

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied


class RoleRequiredMixin(LoginRequiredMixin):
    """Subclasses set ``role_test``: a function of the user that says whether the role is held."""

    role_test: Callable[..., bool] | None = None

    def dispatch(self, request, *args, **kwargs):
        test = type(self).role_test
        if test is None:
            raise TypeError(f"{type(self).__name__} sets no role_test")
        if request.user.is_authenticated and not test(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
