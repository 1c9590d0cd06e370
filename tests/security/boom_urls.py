"""The portal's URLs plus one view that fails, to see what a 500 shows."""

from django.urls import path

from glab_portal.urls import urlpatterns as portal_urlpatterns


def boom(request):
    raise RuntimeError("secret-detail-in-the-exception SELECT * FROM accounts_user")


urlpatterns = [path("boom/", boom), *portal_urlpatterns]
