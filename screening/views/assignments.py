"""The innovation unit's assignments page: who reviews which entry (everyone everything, or each
entry assigned to N members, balanced), each member's progress (done / to review), the
department matches flagged for a decision, and the conflicts members declared."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.forms import error_text

from .. import assignments, permissions, selectors, services
from ..enums import ConflictDecision
from ..forms import ReviewModeForm
from .mixins import ManagerMixin


class AssignmentsView(ManagerMixin, TemplateView):
    template_name = "screening/assignments.html"

    def get(self, request, *args, **kwargs):
        self.require_screening()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.require_screening()
        form = ReviewModeForm(request.POST)
        if form.is_valid():
            try:
                services.review_mode_set(
                    call=self.call,
                    by=request.user,
                    mode=form.cleaned_data["review_mode"],
                    per_entry=form.cleaned_data["reviews_per_entry"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Who reviews which entry was saved."))
                return HttpResponseRedirect(reverse("screening:assignments", kwargs={"call_pk": self.call.pk}))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        screening = self.screening
        form = kwargs.pop("form", None) or ReviewModeForm(
            initial={"review_mode": screening.review_mode, "reviews_per_entry": screening.reviews_per_entry}
        )
        members = list(selectors.board_members(self.call))
        return super().get_context_data(
            **kwargs,
            form=form,
            progress=assignments.progress(screening, members),
            flags=assignments.department_flags(screening, members),
            declared=assignments.declared_conflicts(screening),
            entry_count=permissions.entries(self.call).count(),
            decisions=ConflictDecision,
        )


class ConflictDecideView(ManagerMixin, View):
    """The unit's decision on a department match: a conflict, or none."""

    def post(self, request, *args, **kwargs):
        self.require_screening()
        proposal = get_object_or_404(permissions.entries(self.call), pk=kwargs["proposal_pk"])
        member = get_object_or_404(selectors.board_members(self.call), pk=kwargs["user_pk"])
        try:
            services.conflict_decide(
                call=self.call, proposal=proposal, member=member, by=request.user, decision=request.POST.get("decision", "")
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The decision on the conflict of interest was saved."))
        return HttpResponseRedirect(reverse("screening:assignments", kwargs={"call_pk": self.call.pk}))
