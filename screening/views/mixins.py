"""What every screening page starts from: the call in the URL, and who may open the page (the
innovation unit, with a 403 for others; or the call's board, with a 404 for others)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from accounts.mixins import InnovationUnitRequiredMixin
from proposals.enums import CallPhase
from proposals.models import Call

from .. import permissions
from ..models import Screening


class CallMixin(LoginRequiredMixin):
    @cached_property
    def call(self) -> Call:
        return get_object_or_404(Call.objects.select_related("screening"), pk=self.kwargs["call_pk"])

    @cached_property
    def screening(self) -> Screening | None:
        try:
            return self.call.screening
        except Screening.DoesNotExist:
            return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, call=self.call, screening=self.screening)


class ManagerMixin(InnovationUnitRequiredMixin, CallMixin):
    """Innovation-unit pages: a role-level right, so others get 403."""

    def require_screening(self) -> Screening:
        if self.screening is None:
            raise Http404
        return self.screening


class BoardMemberMixin(CallMixin):
    """Board pages: a call the user is not on the board of (or not yet open) is a 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.board_can_view(request.user, self.call):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def board_entries(self):
        """The entries this member may open (``dispatch`` has checked the seat, once)."""
        return permissions.unconflicted_entries(self.request.user, self.call)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            show_identities=not self.screening.is_blind,
            can_score=self.call.phase == CallPhase.SCREENING,
        )
