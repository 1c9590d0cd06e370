"""The portal's URLs plus the signed-in empty page: a view that renders nothing, behind the
portal's whole middleware stack (session, user, consent, throttles), to compare with the bare
Django view (benchmarks.floor_settings)."""

from django.http import HttpResponse
from django.urls import path

from glab_portal.urls import urlpatterns as portal_urlpatterns


def empty(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__empty__/", empty, name="bench-empty"), *portal_urlpatterns]
