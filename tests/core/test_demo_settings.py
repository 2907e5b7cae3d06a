"""The demo (`make run`) as a newcomer meets it: a mistyped address shows the portal's own
404 page, not Django's debug page listing every URL, and the styles and scripts are still
served without collectstatic. Run in a subprocess with the demo's own settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
client = Client()
missing = client.get("/no-such-page/")
print("DEBUG", settings.DEBUG)
print("404", missing.status_code)
print("PORTAL_404", b"Page not found" in missing.content and b"govuk-header" in missing.content)
print("URLCONF_LISTED", b"URLconf" in missing.content)
for path in ("/static/css/portal.css", "/static/js/portal.mjs"):
    answer = client.get(path)
    print("STATIC", path, answer.status_code)
print("BASE_URL", settings.PORTAL_BASE_URL)
"""


@pytest.fixture(scope="module")
def demo_output(tmp_path_factory: pytest.TempPathFactory) -> str:
    database = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PORTAL_", "DATABASE_URL"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "wellbeing_portal.settings.demo",
        "DATABASE_URL": f"sqlite:///{database}",
        "PORTAL_BASE_URL": "http://127.0.0.1:8123",
    }
    done = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_mistyped_address_shows_the_portals_404_page(demo_output: str) -> None:
    assert "DEBUG False" in demo_output
    assert "404 404" in demo_output
    assert "PORTAL_404 True" in demo_output
    assert "URLCONF_LISTED False" in demo_output


def test_the_demo_still_serves_its_styles_and_scripts(demo_output: str) -> None:
    assert "STATIC /static/css/portal.css 200" in demo_output
    assert "STATIC /static/js/portal.mjs 200" in demo_output


def test_links_point_where_the_demo_is_served(demo_output: str) -> None:
    assert "BASE_URL http://127.0.0.1:8123" in demo_output


def test_make_run_gives_the_demo_its_own_address() -> None:
    """`make run PORT=8123` serves on 8123 and puts 8123 in every link (make -n: a dry run)."""
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=8123"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "PORTAL_BASE_URL"},
        check=True,
    ).stdout
    serve = next(line for line in plan.splitlines() if "runserver" in line)
    assert "runserver 127.0.0.1:8123" in serve
    assert "PORTAL_BASE_URL=http://127.0.0.1:8123" in serve
    assert all(
        "PORTAL_BASE_URL=http://127.0.0.1:8123" in line
        for line in plan.splitlines()
        if "manage.py" in line
    )
