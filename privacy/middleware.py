"""Privacy middleware: the consent step at first sign-in, and the personal-data access log."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .access import PERSONAL_DATA_URLS, SELF
from .hardening import client_ip
from .services import consent_required, log_access

# Reachable before consent: signing in and out, the notice and consent pages themselves, the
# language switcher and the static/translation files every page needs.
CONSENT_EXEMPT_URL_NAMES = {
    "accounts:login",
    "accounts:logout",
    "privacy:consent",
    "privacy:notice",
    "set_language",
    "javascript-catalog",
    "admin:login",
    "admin:logout",
    # A calendar app's fetch: the secret address is the access; the session plays no part.
    "calendar-feed",
    # The rights to see and to correct one's data do not wait for consent to the notice (PIPA
    # 제35조, 제36조): the my-data page (with its correction form) and its download.
    "privacy:my-data",
    "privacy:my-data-download",
}


class ConsentRequiredMiddleware:
    """Sends a signed-in person who has not accepted the current privacy notice to the consent
    page (GET and POST alike: a refused POST writes nothing) and back to where they were
    going afterwards."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        match = request.resolver_match
        if match is None or match.view_name in CONSENT_EXEMPT_URL_NAMES:
            return None
        if not consent_required(request.user, request.session):
            return None
        target = request.get_full_path() if request.method == "GET" else ""
        url = reverse("privacy:consent")
        if target:
            url += "?" + urlencode({"next": target})
        return redirect(url)


class PersonalDataAccessMiddleware:
    """Logs every successful (200) response of a URL in ``privacy.access.PERSONAL_DATA_URLS``:
    who, which URL, which object, from where."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            match is not None
            and response.status_code == 200
            and match.view_name in PERSONAL_DATA_URLS
            and request.user.is_authenticated
        ):
            target = PERSONAL_DATA_URLS[match.view_name]
            object_type, object_id = "", None
            if target is not None:
                object_type, kwarg = target
                try:
                    object_id = request.user.pk if kwarg == SELF else int(match.kwargs[kwarg])
                except (KeyError, TypeError, ValueError):
                    object_id = None
            log_access(
                user=request.user,
                what=match.view_name,
                object_type=object_type,
                object_id=object_id,
                path=request.get_full_path(),
                ip_address=client_ip(request),
            )
        return response
