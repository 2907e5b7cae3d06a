"""Settings shared by every environment, read from environment variables.

Every variable is listed, with its default, in `.env.example` and the README.
SQLite is the default database so that a newcomer needs no services; set
DATABASE_URL for PostgreSQL (production and CI always do).
"""

from __future__ import annotations

import re
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(str(BASE_DIR / ".env"))

# GENERAL
# ------------------------------------------------------------------------------
SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-dev-key-change-me-" + "x" * 30)
# Earlier keys, while what they signed or sealed is still about (survey responses waiting
# for their batch are sealed with a key made from SECRET_KEY): see the README.
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
SITE_ID = 1
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "wellbeing_portal.wsgi.application"

# THE ORGANISATION RUNNING THIS PORTAL
# ------------------------------------------------------------------------------
PORTAL_NAME = env("PORTAL_NAME", default="Wellbeing Portal")
PORTAL_ORGANISATION_NAME = env("PORTAL_ORGANISATION_NAME", default="Riverside Learning Trust")
PORTAL_BRAND_COLOUR = env("PORTAL_BRAND_COLOUR", default="#1d70b8")
if not re.fullmatch(r"#[0-9a-fA-F]{6}", PORTAL_BRAND_COLOUR):
    raise ImproperlyConfigured("PORTAL_BRAND_COLOUR must be a colour like #1d70b8.")
PORTAL_CONTACT_EMAIL = env("PORTAL_CONTACT_EMAIL", default="wellbeing@example.org")
# Two-factor authentication is required of officers, senior officers, wellbeing leads
# and admins. Only the demo switches this off, and says so on every page.
PORTAL_REQUIRE_MFA = env.bool("PORTAL_REQUIRE_MFA", default=True)
# The demo mailbox page lists every email the outbox has sent. Never in production.
PORTAL_DEMO_MAILBOX = env.bool("PORTAL_DEMO_MAILBOX", default=False)
PORTAL_STAFF_IMPORT_MAX_BYTES = env.int("PORTAL_STAFF_IMPORT_MAX_BYTES", default=2 * 1024 * 1024)
PORTAL_UPLOAD_MAX_BYTES = env.int("PORTAL_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# The office day that protocol due times count in ("9-17": 9am to 5pm, weekdays that are
# not bank holidays in England and Wales).
_working_hours = env("PORTAL_WORKING_HOURS", default="9-17")
if not re.fullmatch(r"\d{1,2}-\d{1,2}", _working_hours) or not (
    0 <= int(_working_hours.split("-")[0]) < int(_working_hours.split("-")[1]) <= 23
):
    raise ImproperlyConfigured("PORTAL_WORKING_HOURS must be two hours like 9-17.")
PORTAL_WORKING_HOURS: tuple[int, int] = (
    int(_working_hours.split("-")[0]),
    int(_working_hours.split("-")[1]),
)

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_forms_gds",
    "csp",
    "auditlog",
]
LOCAL_APPS = [
    "wellbeing_portal.people",
    "wellbeing_portal.outbox",
    "wellbeing_portal.core",
    "charters",
    "surveys",
    "inspections",
    "support_directory",
    "reports",
    "privacy",
    "portal",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# MIDDLEWARE
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "wellbeing_portal.core.middleware.PermissionsPolicyMiddleware",
    "wellbeing_portal.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wellbeing_portal.people.middleware.RequireMFAMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Sign-out also deletes the cookies of survey drafts it deleted (surveys/drafts.py).
    "surveys.middleware.DraftCookiesMiddleware",
]

# TEMPLATES
# ------------------------------------------------------------------------------
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# DATABASE
# ------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'demo.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# AUTHENTICATION (django-allauth: email sign-in, password reset, TOTP MFA)
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_ADAPTER = "wellbeing_portal.people.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "wellbeing_portal.people.forms.PortalLoginForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"  # accounts are created by the organisation, not by sign-up
# A password reset for an address with no account sends nothing (sign-up is closed, and
# an email to a stranger would only say whether someone has an account).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated here so that a reader sees them; they need a shared cache.
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = PORTAL_NAME
# Authenticator secrets are encrypted at rest (AES-GCM) with PORTAL_MFA_KEY, 32 bytes in
# base64; without it (demo, tests), with a key derived from SECRET_KEY. Earlier keys go in
# PORTAL_MFA_KEY_FALLBACKS until `manage.py mfa_rekey` has moved every secret: see the README.
MFA_ADAPTER = "wellbeing_portal.people.mfa_adapter.MFAAdapter"
PORTAL_MFA_KEY = env("PORTAL_MFA_KEY", default="")
PORTAL_MFA_KEY_FALLBACKS = env.list("PORTAL_MFA_KEY_FALLBACKS", default=[])
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# CACHE (shared: allauth's rate limits count in it)
# ------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
REDIS_CACHE = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": REDIS_URL,
    # The web must keep working when Redis is down: a cache miss, not an error.
    "OPTIONS": {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": 1,
        "SOCKET_TIMEOUT": 1,
    },
}
if REDIS_URL:
    CACHES = {"default": REDIS_CACHE}
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# CELERY (Redis broker; the outbox, not Redis, is the source of truth for email)
# ------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "outbox-send-due": {
        "task": "wellbeing_portal.outbox.tasks.outbox_send_due",
        "schedule": 30.0,
        "kwargs": {"from_beat": True},  # the worker's heartbeat (core/health.py)
    },
    "charter-reminders": {
        "task": "charters.tasks.charter_reminders_queue",
        "schedule": crontab(hour=6, minute=30),
    },
    "inspection-timeline-chase": {
        "task": "inspections.tasks.timeline_chase",
        "schedule": 600.0,
    },
    "surveys-daily": {
        "task": "surveys.tasks.waves_daily",
        "schedule": crontab(hour=6, minute=45),
    },
    "surveys-pending-flush": {
        "task": "surveys.tasks.responses_flush",
        "schedule": 600.0,
    },
    "reports-recover": {
        "task": "reports.tasks.reports_recover",
        "schedule": 300.0,
    },
    "reports-schedule-termly": {
        "task": "reports.tasks.reports_schedule_due",
        "schedule": crontab(hour=5, minute=45),
    },
    "outbox-purge-old": {
        "task": "wellbeing_portal.outbox.tasks.outbox_purge_old",
        "schedule": crontab(hour=3, minute=15),
    },
    "privacy-retention-purge": {
        "task": "privacy.tasks.retention_purge",
        "schedule": crontab(hour=4, minute=30),
    },
}

# EMAIL (every email is first an outbox row; see wellbeing_portal/outbox)
# ------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"{PORTAL_NAME} <no-reply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=6)
OUTBOX_BATCH_SIZE = env.int("OUTBOX_BATCH_SIZE", default=200)
OUTBOX_KEEP_SENT_DAYS = env.int("OUTBOX_KEEP_SENT_DAYS", default=90)
# Survey comments (and their replies) are deleted this many days after the wave closed;
# scores stay.
SURVEY_COMMENT_RETENTION_DAYS = env.int("SURVEY_COMMENT_RETENTION_DAYS", default=730)

# RETENTION (applied daily at 04:30 by privacy.tasks.retention_purge; the
# purge blanks free text and keeps every row, date, count and outcome, so totals stay)
# ------------------------------------------------------------------------------
# Free text of closed inspections (contact notes, worries, concern descriptions and
# resolutions, deferral and pause reasons, learning review texts) is blanked this many days
# after the report was published (or, with no report, the first inspection day). Three
# years covers the school's next inspection window, when the last one's lessons are used.
PORTAL_RETAIN_INSPECTION_NOTES_DAYS = env.int("PORTAL_RETAIN_INSPECTION_NOTES_DAYS", default=1095)
# Bodies of sent emails are blanked this many days after sending; the row and its key
# stay (until OUTBOX_KEEP_SENT_DAYS) so that nothing is sent twice.
PORTAL_RETAIN_OUTBOX_BODY_DAYS = env.int("PORTAL_RETAIN_OUTBOX_BODY_DAYS", default=30)
# Where links in emails point (no request is at hand in a worker).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# STATIC AND MEDIA
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Compiled by `npm run build` (GOV.UK Frontend without GDS branding).
    BASE_DIR / "build" / "static",
    # GOV.UK Frontend's own JavaScript and images, from npm, served by us (no CDN).
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# SECURITY
# ------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline script or style anywhere: GOV.UK's js-enabled snippet lives in a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
PERMISSIONS_POLICY_HEADER = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# AUDIT (django-auditlog; survey responses are never registered: it stores actor and IP)
# ------------------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# LOGGING
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.security.DisallowedHost": {"level": "ERROR"}},
}
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 7  # the welcome email's set-password link
