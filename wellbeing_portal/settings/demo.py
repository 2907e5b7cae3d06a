"""The one-command demo: SQLite, tasks run in-process, MFA switched off (said on every page)."""

from .base import *

# DEBUG off: a mistyped address shows the portal's own 404 page, as people will meet it,
# not Django's debug page listing every URL. WhiteNoise still serves the static files
# (from the finders, below), so nothing needs collecting. DJANGO_DEBUG=true brings the
# debug pages back for someone working on the code.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["*"])
PORTAL_REQUIRE_MFA = env.bool("PORTAL_REQUIRE_MFA", default=False)
PORTAL_DEMO_MAILBOX = True
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# runserver leaves static files to WhiteNoise; `demo` brings `seed_demo` and its builders.
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS, "demo"]

# Static files straight from the finders: no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
