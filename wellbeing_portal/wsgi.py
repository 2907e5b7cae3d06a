"""WSGI entry point for gunicorn (production sets DJANGO_SETTINGS_MODULE)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellbeing_portal.settings.demo")

application = get_wsgi_application()
