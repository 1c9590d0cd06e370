"""Setting and resetting passwords: Django's own views with the portal's templates and the
employee-number form. Links in the emails are made by ``accounts.links.password_set_url``
(``PORTAL_BASE_URL``, never the request's Host header). And the people picker's lookup (``PeopleLookupView``)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import View

from core.cache import count_in_window

from .forms import PasswordLinkForm
from .mixins import OfficeStaffRequiredMixin
from .selectors import find_people
from .widgets import person_card

# Lookups per person and window (attempts, seconds); ``PEOPLE_LOOKUP_THROTTLE`` in settings
# overrides it. A person typing makes a few a second at most; a script walking the staff
# register is held to this pace.
PEOPLE_LOOKUP_THROTTLE = (120, 60)


class PasswordLinkView(auth_views.PasswordResetView):
    form_class = PasswordLinkForm
    template_name = "accounts/password_link_form.html"
    subject_template_name = "accounts/emails/password_link_subject.txt"
    email_template_name = "accounts/emails/password_link.txt"
    html_email_template_name = "accounts/emails/password_link.html"
    success_url = reverse_lazy("accounts:password-reset-sent")


class PasswordLinkSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_link_sent.html"


class PasswordSetView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_set_form.html"
    success_url = reverse_lazy("accounts:password-set-done")


class PasswordSetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_set_done.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password-change-done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PeopleLookupView(OfficeStaffRequiredMixin, View):
    """GET ``?q=``: at most ten active staff whose name or employee number starts with ``q``,
    as JSON ``{"people": [{number, name, department, grade}]}`` for the people picker
    (``accounts.widgets``). Office staff only (anonymous → sign-in, outside evaluators →
    403); more than ``PEOPLE_LOOKUP_THROTTLE`` lookups a window → 429."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        if self._over_limit(request.user.pk):
            return JsonResponse({"error": _("Too many searches. Wait a minute, then try again.")}, status=429)
        people = find_people(request.GET.get("q", ""))
        response = JsonResponse({"people": [person_card(p) for p in people]})
        response["Cache-Control"] = "private, no-store"
        return response

    @staticmethod
    def _over_limit(user_pk: int) -> bool:
        attempts, seconds = getattr(settings, "PEOPLE_LOOKUP_THROTTLE", PEOPLE_LOOKUP_THROTTLE)
        return count_in_window(f"people-lookup:{user_pk}", seconds) > attempts
