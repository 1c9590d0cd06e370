"""The bare Django view every page is compared with: no database, no session, no middleware,
no installed apps; one view returning a small HttpResponse. Served by its own gunicorn
(benchmarks.floor_wsgi) with the same worker settings as the portal."""

from django.http import HttpResponse
from django.urls import path

SECRET_KEY = "benchmark-floor-only-secret-key-not-for-production-use-0123456789"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "benchmarks.floor_settings"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_TZ = True


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", bare)]
