"""The portal's URLs plus views that fail in each way, for the request-log tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from glab_portal.urls import urlpatterns as portal_urlpatterns


def forbidden(request):
    raise PermissionDenied("not yours")


def suspicious(request):
    raise SuspiciousOperation("a forged value")


def missing(request):
    raise Http404("no such proposal")


def boom(request):
    raise RuntimeError("a real server error")


@require_GET
def read_only(request):
    return HttpResponse("ok")


urlpatterns = [
    path("log/forbidden/", forbidden),
    path("log/suspicious/", suspicious),
    path("log/missing/", missing),
    path("log/boom/", boom),
    path("log/read-only/", read_only),
    *portal_urlpatterns,
]
