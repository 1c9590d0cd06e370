"""The portal's URLs plus the floor: the cheapest page Django can serve through the same
middleware stack, to compare every page against."""

from django.http import HttpResponse
from django.urls import path

from glab_portal.urls import urlpatterns as portal_urlpatterns


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__floor__/", floor, name="bench-floor"), *portal_urlpatterns]
