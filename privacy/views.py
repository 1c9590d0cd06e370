from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView, TemplateView

from .forms import ConsentForm
from .services import consent_record, consent_required


def notice_context() -> dict:
    """What the notice shows besides its text: its version and the privacy officer (``None``
    until ``PRIVACY_OFFICER_NAME`` and ``PRIVACY_OFFICER_CONTACT`` are set)."""
    officer = None
    if settings.PRIVACY_OFFICER_NAME and settings.PRIVACY_OFFICER_CONTACT:
        officer = {
            "name": settings.PRIVACY_OFFICER_NAME,
            "position": settings.PRIVACY_OFFICER_POSITION,
            "contact": settings.PRIVACY_OFFICER_CONTACT,
        }
    return {"notice_version": settings.PRIVACY_NOTICE_VERSION, "privacy_officer": officer}


class NoticeView(TemplateView):
    """The privacy notice (개인정보 처리방침), public."""

    template_name = "privacy/notice.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**notice_context(), **kwargs)


class ConsentView(LoginRequiredMixin, FormView):
    """Asks for consent to the current notice once; afterwards goes straight on."""

    template_name = "privacy/consent.html"
    form_class = ConsentForm

    def _next(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}, require_https=False):
            return target
        return settings.LOGIN_REDIRECT_URL

    def get(self, request, *args, **kwargs):
        if not consent_required(request.user, request.session):
            return redirect(self._next())
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return {"next": self._next()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**notice_context(), **kwargs)

    def form_valid(self, form):
        consent_record(user=self.request.user, session=self.request.session)
        return redirect(self._next())


def bad_request(request, exception):
    """400 page (``handler400``), rendered without the request: a bad host header or an
    oversized form is refused before sessions and users exist, so nothing may depend on them."""
    return HttpResponseBadRequest(render_to_string("400.html"))
