"""The headers, cookies and deploy checks of the production settings, read from a real
response: a subprocess loads `settings.production` (as the portal does in production)
and asks for the sign-in page through Django's test client over HTTPS."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="production settings need PostgreSQL"
    ),
]

ASK = """
import json
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
# Static files' manifest comes from collectstatic at deploy time; plain storage here.
plain = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# As the proxy in front of the portal says: this came over HTTPS.
client = Client(secure=True, HTTP_HOST="portal.example.org", HTTP_X_FORWARDED_PROTO="https")
# As a load balancer's probe inside the network: plain HTTP, no proxy header.
probe = Client(HTTP_HOST="portal.example.org")
with override_settings(STORAGES=plain):
    response = client.get("/accounts/login/")
    plain_http = {path: probe.get(path).status_code
                  for path in ("/health/", "/health/live/", "/accounts/login/")}
print(json.dumps({
    "plain_http": plain_http,
    "status": response.status_code,
    "headers": dict(response.headers),
    "cookies": {name: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"]),
                       "samesite": c["samesite"]} for name, c in response.cookies.items()},
    "session": [settings.SESSION_COOKIE_NAME, settings.SESSION_COOKIE_SECURE,
                settings.SESSION_COOKIE_HTTPONLY, settings.SESSION_COOKIE_SAMESITE],
}))
"""


def _production_env() -> dict[str, str]:
    db = connection.settings_dict
    # The browser tests' conftest allows async-unsafe calls for Playwright; production
    # never does (check --deploy says so), so that switch stays out of this environment.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "wellbeing_portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL or "redis://127.0.0.1:6379/0",
    }


@pytest.fixture(scope="module")
def answer(django_db_setup: None) -> dict[str, Any]:
    """The test database must exist (and be named) before the subprocess connects."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", ASK],
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_sign_in_page_is_served_over_https_with_every_security_header(
    answer: dict[str, Any],
) -> None:
    assert answer["status"] == 200
    headers = {k.lower(): v for k, v in answer["headers"].items()}
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp and "unsafe-eval" not in csp
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert "includeSubDomains" in headers["strict-transport-security"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-content-type-options"] == "nosniff"
    assert "camera=()" in headers["permissions-policy"]
    assert headers["cross-origin-opener-policy"] == "same-origin"


def test_only_the_health_probes_answer_over_plain_http(answer: dict[str, Any]) -> None:
    assert answer["plain_http"] == {
        "/health/": 200,
        "/health/live/": 200,
        "/accounts/login/": 301,  # to HTTPS
    }


def test_cookies_are_secure_http_only_and_host_locked(answer: dict[str, Any]) -> None:
    csrf = answer["cookies"]["__Host-csrftoken"]
    assert csrf == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert answer["session"] == ["__Host-sessionid", True, True, "Lax"]


def test_check_deploy_is_clean(django_db_setup: None) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
