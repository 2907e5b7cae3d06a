"""`make bench`: the test settings served by gunicorn, as in production where it matters
to speed: database connections kept between requests, and the cache in Redis, shared by
every gunicorn worker (under the run's own key prefix); sessions in the database, and no
two-factor step (what is measured is the pages, not signing in). The load benchmark's
gunicorn adds one URL, the floor of a survey submission (`benchmarks/floor_urls.py`).

Benchmark-only, so it lives here rather than among the product's settings; the test
settings it builds on already install the demo app (`seed_demo --scale large`)."""

from wellbeing_portal.settings.test import *

SESSION_ENGINE = "django.contrib.sessions.backends.db"
PORTAL_REQUIRE_MFA = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
if not REDIS_URL:
    raise ImproperlyConfigured("The benchmark settings need REDIS_URL.")
CACHES = {
    "default": {**REDIS_CACHE, "KEY_PREFIX": env("PORTAL_BENCH_CACHE_PREFIX", default="bench")}
}
DJANGO_REDIS_IGNORE_EXCEPTIONS = True
if BENCH_URLCONF := env("PORTAL_BENCH_URLCONF", default=""):
    # The floor writes responses without checking them: only into load.py's own database.
    if not str(DATABASES["default"]["NAME"]).endswith("_load"):
        raise ImproperlyConfigured(
            "PORTAL_BENCH_URLCONF is only for benchmarks/load.py's database."
        )
    ROOT_URLCONF = BENCH_URLCONF
