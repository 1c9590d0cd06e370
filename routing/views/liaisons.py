"""The innovation unit designates and removes department liaisons."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from accounts.mixins import InnovationUnitRequiredMixin
from accounts.selectors import liaison_grants
from core.forms import add_form_errors
from core.paging import window_page

from .. import selectors, services
from ..forms import LiaisonForm
from .common import LIST_PAGE_SIZE, CrumbsMixin, review_crumb


class LiaisonListView(InnovationUnitRequiredMixin, CrumbsMixin, FormView):
    template_name = "routing/liaison_list.html"
    form_class = LiaisonForm

    def get_crumbs(self):
        return [review_crumb(), (_("Department liaisons"), "")]

    def get_context_data(self, **kwargs):
        grants = window_page(self.request, selectors.liaison_table(), per_page=LIST_PAGE_SIZE)
        return super().get_context_data(grants=grants, **kwargs)

    def form_valid(self, form):
        try:
            services.liaison_designate(
                department=form.cleaned_data["department"],
                user=form.cleaned_data["user"],
                by=self.request.user,
            )
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(person)s is now a liaison of %(department)s.")
            % {"person": form.cleaned_data["user"], "department": form.cleaned_data["department"]},
        )
        return redirect("routing:liaison-list")


class LiaisonRemoveView(InnovationUnitRequiredMixin, View):
    def post(self, request, pk):
        grant = get_object_or_404(liaison_grants().select_related("user", "content_object"), pk=pk)
        services.liaison_revoke(department=grant.content_object, user=grant.user, by=request.user)
        messages.success(
            request,
            _("%(person)s is no longer a liaison of %(department)s.")
            % {"person": grant.user, "department": grant.content_object},
        )
        return redirect(reverse("routing:liaison-list"))
