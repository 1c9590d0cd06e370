"""The portal's home page: open calls and, signed in, the visitor's own proposals, invitations
and the home panels other apps register (``core.panels``)."""

from django.views.generic import TemplateView

from core.panels import home_panels

from .. import selectors


class HomeView(TemplateView):
    template_name = "proposals/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["open_calls"] = list(selectors.open_calls())
        if user.is_authenticated:
            context["recent_proposals"] = list(selectors.my_proposals(user)[:5])
            context["invitations"] = list(selectors.pending_coproposal_invitations(user))
            context["panels"] = home_panels(self.request)
        return context
