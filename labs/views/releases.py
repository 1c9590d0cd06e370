"""Releases from routine duties: the list a liaison or the innovation unit answers for, and
the acknowledgement form."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView

from core.views import RoleRequiredMixin

from .. import permissions, selectors, services
from ..forms import ReleaseAcknowledgeForm
from ._base import ServiceFormMixin, crumbs


class ReleaseListView(RoleRequiredMixin, ListView):
    role_test = permissions.can_list_releases
    template_name = "labs/release_list.html"
    context_object_name = "releases"
    paginate_by = 30

    def get_queryset(self):
        return selectors.release_rows(permissions.releases_for(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["crumbs"] = crumbs(None, _("Releases from routine duties"))
        return context


class ReleaseAcknowledgeView(LoginRequiredMixin, ServiceFormMixin, FormView):
    template_name = "labs/release_form.html"
    form_class = ReleaseAcknowledgeForm
    success_message = gettext_lazy("The release from routine duties has been acknowledged.")

    @cached_property
    def release(self):
        return get_object_or_404(selectors.releases(permissions.releases_for(self.request.user)), pk=self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.release  # noqa: B018 — 404 before anything else
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["release"] = self.release
        context["lab"] = self.release.membership.lab
        context["page_title"] = _("Acknowledge a release from routine duties")
        context["crumbs"] = [
            (_("Releases from routine duties"), reverse("labs:release-list")), (context["page_title"], "")
        ]
        context["cancel_url"] = reverse("labs:release-list")
        return context

    def perform(self, form):
        return services.release_acknowledge(
            release=self.release, by=self.request.user, order_reference=form.cleaned_data["order_reference"]
        )

    def get_success_url(self):
        return reverse("labs:release-list")
