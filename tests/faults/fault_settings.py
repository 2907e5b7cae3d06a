"""Settings for the processes the fault tests start (web, worker, beat): the test
settings, with the Redis cache and a real SMTP connection to the test's own mail sink,
so that a stopped Redis or a killed worker is met exactly as in production."""

from __future__ import annotations

import os

from wellbeing_portal.settings.test import *  # noqa: F403
from wellbeing_portal.settings.test import REDIS_CACHE, REDIS_URL

if REDIS_URL:
    CACHES = {"default": REDIS_CACHE}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("PORTAL_FAULTS_SMTP_PORT", "25"))
EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ""
EMAIL_USE_TLS = EMAIL_USE_SSL = False
EMAIL_TIMEOUT = 60
