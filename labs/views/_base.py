"""What the lab pages share: the lab from the URL, the access rules of the log, and the two
ways a page runs a service (a form, a button)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from core.forms import error_text

from .. import permissions
from ..models import Lab


def crumbs(lab: Lab | None = None, *here: str) -> list[tuple[str, str]]:
    trail = [(_("Labs"), reverse("labs:lab-list"))]
    if lab is not None:
        trail.append((lab.name, lab.get_absolute_url()))
    trail += [(label, "") for label in here if label]
    return trail


class LabMixin(LoginRequiredMixin):
    """A lab any signed-in person may see."""

    page_title = ""

    @cached_property
    def lab(self) -> Lab:
        return get_object_or_404(Lab, pk=self.kwargs["pk"])

    @cached_property
    def member(self) -> bool:
        """Whether the user is a current member of the lab: asked once per request and handed
        to every permission the page checks."""
        return permissions.is_member(self.request.user, self.lab)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            lab=self.lab,
            today=timezone.localdate(),
            page_title=self.page_title,
            cancel_url=self.lab.get_absolute_url(),
            crumbs=crumbs(self.lab, self.page_title),
        )
        return context


class LogAccessMixin(LabMixin):
    """A lab whose log the user may read (members and the innovation unit); 404 for others."""

    def check_access(self, user) -> None:
        if not permissions.can_read_log(user, self.lab, self.member):
            raise Http404

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.check_access(request.user)
        return super().dispatch(request, *args, **kwargs)


class MemberRequiredMixin(LogAccessMixin):
    """Writing needs membership of an open lab: 403 for the innovation unit."""

    permission_check = staticmethod(permissions.can_write_log)

    def check_access(self, user) -> None:
        super().check_access(user)
        if not self.permission_check(user, self.lab, self.member):
            raise PermissionDenied


class ServiceFormMixin:
    """Runs ``perform(form)``; a rule the service refuses becomes a form error."""

    success_message = ""

    def form_valid(self, form):
        try:
            self.result = self.perform(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class LabActionView(LabMixin, View):
    """A POST-only button on the lab page; refusals come back as a message."""

    success_message = ""

    def post(self, request, *args, **kwargs):
        try:
            self.act()
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, self.success_message)
        return redirect(self.lab.get_absolute_url())
