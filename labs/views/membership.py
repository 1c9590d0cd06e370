"""The lab page's membership buttons: volunteer, withdraw, invite, answer an invitation, leave."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.mixins import InnovationUnitRequiredMixin
from core.confirm import confirmation_page, is_confirmed

from .. import services
from ..enums import OPEN_STATUSES
from ..models import Membership
from ._base import LabActionView, crumbs


class VolunteerView(LabActionView):
    success_message = gettext_lazy("Thank you for volunteering. You will be told if you are invited.")

    def act(self):
        services.lab_volunteer(lab=self.lab, by=self.request.user)


class VolunteerWithdrawView(LabActionView):
    success_message = gettext_lazy("You are no longer volunteering for this lab.")

    def act(self):
        services.lab_volunteer_withdraw(lab=self.lab, by=self.request.user)


class InviteView(InnovationUnitRequiredMixin, LabActionView):
    success_message = gettext_lazy("The volunteer has been invited. They become a member once they accept.")

    def act(self):
        membership = get_object_or_404(Membership, pk=self.kwargs["membership_pk"], lab=self.lab)
        services.membership_invite(membership=membership, by=self.request.user)


class RespondView(LabActionView):
    def act(self):
        accept = self.request.POST.get("answer") == "accept"
        services.membership_respond(lab=self.lab, by=self.request.user, accept=accept)
        self.success_message = (
            _("Welcome to the lab. Your home department will be asked to acknowledge your release from routine duties.")
            if accept else _("You have declined the invitation.")
        )


class LeaveView(LabActionView):
    """Leaving cannot be undone: a POST without ``confirm=1`` only shows what it does."""

    success_message = gettext_lazy("You have left the lab.")

    def post(self, request, *args, **kwargs):
        if not self.member:
            raise PermissionDenied
        if is_confirmed(request) or self.lab.status not in OPEN_STATUSES:
            return super().post(request, *args, **kwargs)
        return confirmation_page(
            request,
            title=_("Leave the lab"),
            statement=_(
                "You will leave %(lab)s. Your rights in the lab and your release from routine "
                "duties end at once, and this cannot be undone."
            ) % {"lab": self.lab.name},
            confirm_label=_("Leave the lab"),
            cancel_url=self.lab.get_absolute_url(),
            crumbs=crumbs(self.lab),
        )

    def act(self):
        services.membership_leave(lab=self.lab, by=self.request.user)
