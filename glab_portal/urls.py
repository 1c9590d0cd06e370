from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from api.main import api
from notifications.calendar_views import CalendarFeedView
from proposals.views import HomeView

from .probes import PROBES

# The admin's title bar and browser tab name the portal, not Django ("Django 관리").
admin.site.site_header = _("G-Lab Portal administration")
admin.site.site_title = _("G-Lab Portal administration")

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("accounts/", include("accounts.urls")),
    path("", include("proposals.urls")),
    path("screening/", include("screening.urls")),
    path("routing/", include("routing.urls")),
    path("labs/", include("labs.urls")),
    path("people/", include("people.urls")),
    path("notifications/", include("notifications.urls")),
    path("ledger/", include("ledger.urls")),
    path("insight/", include("insight.urls")),
    path("privacy/", include("privacy.urls")),
    # A person's calendar feed: the secret in the path is the access (notifications.calendar).
    path("calendar/<str:token>.ics", CalendarFeedView.as_view(), name="calendar-feed"),
    # The read-only API (issue 20): /api/v1/…, /api/schema/, /api/docs/ (api.main).
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    # Answered by ProbeMiddleware before any other middleware; listed here for reverse().
    *(path(name, view, name=name) for name, view in PROBES.items()),
]

handler400 = "privacy.views.bad_request"
