"""Production: secrets from the environment, HTTPS only, Redis cache, whitenoise manifest."""

from .base import *

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
if not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL is required in production (Celery and rate limits).")
CELERY_TASK_ALWAYS_EAGER = False
PORTAL_DEMO_MAILBOX = False
# Each gunicorn worker keeps its database connection between requests (opening one costs
# PostgreSQL a new process, several milliseconds); CONN_HEALTH_CHECKS (base.py) replaces a
# connection that went stale, after a database restart for example.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# The health probes answer over plain HTTP inside the network (the proxy redirects users).
SECURE_REDIRECT_EXEMPT = [r"^health/(live/)?$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# The preload flag only has effect once someone submits the domain to the browsers list.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

# Email through an ESP with django-anymail when ANYMAIL_BACKEND is set
# (e.g. anymail.backends.amazon_ses.EmailBackend); otherwise EMAIL_URL (SMTP).
ANYMAIL_BACKEND = env("ANYMAIL_BACKEND", default="")
if ANYMAIL_BACKEND:
    INSTALLED_APPS += ["anymail"]
    EMAIL_BACKEND = ANYMAIL_BACKEND
    ANYMAIL = env.json("ANYMAIL_CONFIG", default={})
