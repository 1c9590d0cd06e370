"""The lab page's membership buttons: volunteer, withdraw, invite, answer an invitation, leave."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.mixins import InnovationUnitRequiredMixin

from .. import services
from ..models import Membership
from ._base import LabActionView


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
    success_message = gettext_lazy("You have left the lab.")

    def act(self):
        services.membership_leave(lab=self.lab, by=self.request.user)
