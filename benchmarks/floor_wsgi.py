"""WSGI entry point of the bare view (benchmarks.floor_settings)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.floor_settings"
application = get_wsgi_application()
