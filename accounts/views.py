"""Setting and resetting passwords: Django's own views with the portal's templates and the
employee-number form. Links in the emails are made by ``accounts.links.password_set_url``
(``PORTAL_BASE_URL``, never the request's Host header). And the people picker's lookup (``PeopleLookupView``),
and a person's API tokens (``ApiTokenListView``, ``ApiTokenRevokeView``)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.cache import count_in_window
from core.forms import add_form_errors

from . import services
from .forms import ApiTokenForm, PasswordLinkForm
from .mixins import OfficeStaffRequiredMixin
from .selectors import api_tokens_of, find_people
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


class ApiTokenListView(LoginRequiredMixin, View):
    """API 토큰: a person's keys to the read-only API (docs/api.md).

    Who comes: someone whose department's system (a report, a dashboard) wants to read their own
    proposals and tasks from the portal, usually with the IT team beside them. What they came to
    do: make a token, copy it once into that system, or revoke one that leaked or is no longer
    used. What next: the token goes in the system's ``Authorization: Bearer`` header; the API's
    docs page explains the rest. The secret is shown only in the answer to the POST that made it
    (never stored, never put in a URL or the session)."""

    template_name = "accounts/api_tokens.html"

    def get(self, request):
        return self._page(request, ApiTokenForm())

    def post(self, request):
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                token, secret = services.api_token_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    days=form.cleaned_data["days"],
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                return self._page(request, ApiTokenForm(), new_token=token, secret=secret)
        return self._page(request, form)

    def _page(self, request, form, **context):
        tokens, now = list(api_tokens_of(request.user)), timezone.now()
        for token in tokens:
            token.is_expired = token.expires_at <= now
        response = render(
            request,
            self.template_name,
            {
                "form": form,
                "tokens": tokens,
                "crumbs": [(_("API tokens"), "")],
                **context,
            },
        )
        response["Cache-Control"] = "private, no-store"
        return response


class ApiTokenRevokeView(LoginRequiredMixin, View):
    """POST only: revokes one of the person's own tokens (another's: 404) and goes back to the
    list."""

    http_method_names = ["post"]

    def post(self, request, pk):
        token = api_tokens_of(request.user).filter(pk=pk).first()
        if token is None:
            raise Http404
        services.api_token_revoke(token=token, by=request.user)
        messages.success(request, _("The token %(name)s was revoked.") % {"name": token.name})
        return redirect("accounts:api-tokens")
