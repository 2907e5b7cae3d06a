"""Tests: fast hashing, in-memory email and cache, tasks eager; the database from DATABASE_URL.

`make test` chooses DATABASE_URL (PostgreSQL when it answers; under CI=true it must).
Integration tests that need a real worker start one themselves.
"""

from .base import *

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
PORTAL_REQUIRE_MFA = True
PORTAL_DEMO_MAILBOX = False
PORTAL_BASE_URL = "http://testserver"
MEDIA_ROOT = str(BASE_DIR / ".test-media")
LOGGING["root"] = {"handlers": ["console"], "level": "WARNING"}
# The demo builders (tests build from them, and test `seed_demo`); never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

# Static files straight from the finders: no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Integration tests start a real Celery worker as a subprocess with this switch on, so
# that it takes tasks from Redis instead of running them eagerly.
if env.bool("PORTAL_TEST_REAL_WORKER", default=False):
    CELERY_TASK_ALWAYS_EAGER = False
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_DEFAULT_QUEUE = env("PORTAL_TEST_QUEUE", default="celery")
    # A beat started by a test runs the periodic tasks every few seconds, not minutes.
    _beat_seconds = env.float("PORTAL_TEST_BEAT_SECONDS", default=0)
    if _beat_seconds:
        for _entry in CELERY_BEAT_SCHEDULE.values():
            _entry["schedule"] = _beat_seconds

# Due-time tests name their hours: keep the office day fixed whatever the environment says.
PORTAL_WORKING_HOURS = (9, 17)
