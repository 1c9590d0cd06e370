"""The portal's URLs plus a view that fails with the calendar address in its path and in its
error, for the log tests of tests/notifications/test_calendar_logs.py."""

from django.urls import path

from glab_portal.urls import urlpatterns as portal_urlpatterns


def boom(request, token):
    raise RuntimeError(f"could not build the calendar for {token}")


urlpatterns = [path("calendar/<str:token>/boom.ics", boom), *portal_urlpatterns]
