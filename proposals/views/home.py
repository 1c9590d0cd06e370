"""The portal's home page. Signed in, it is the person's work: one section per role they hold,
the main role first, each contributed by the app that owns the work through
``core.panels.register_home_panel`` (proposals: a staff member's calls, drafts and invitations,
and the innovation unit's calls; screening: a board member's entries left to score; routing: a
liaison's inbox and the departments' answers; labs: a lab member's lab, the releases to
acknowledge and the unit's labs). The view only assembles them. Signed out, the open calls."""

from django.views.generic import TemplateView

from core.panels import home_panels

from .. import selectors


class HomeView(TemplateView):
    template_name = "proposals/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.is_authenticated:
            context["panels"] = home_panels(self.request)
        else:
            context["open_calls"] = list(selectors.open_calls())
        return context
