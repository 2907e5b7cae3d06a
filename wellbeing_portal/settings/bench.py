"""`make bench`: the test settings served by gunicorn, with sessions in the database (so
that the benchmark's sign-ins are seen by every gunicorn worker) and without the
two-factor step (what is measured is the pages, not sign-in)."""

from .test import *

SESSION_ENGINE = "django.contrib.sessions.backends.db"
PORTAL_REQUIRE_MFA = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
