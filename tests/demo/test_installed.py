"""The demo app is installed where a demo is built (demo, test and benchmark settings) and
nowhere else: production has no `seed_demo` and no demo builder."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import pytest
from django.conf import settings

BASE = "wellbeing_portal.settings.base"


def _fresh(monkeypatch: pytest.MonkeyPatch, module: str) -> Any:
    """Import `module` (and the base settings under it) afresh from the environment as it
    is now; the modules imported before come back after the test."""
    for name in (BASE, module):
        monkeypatch.delitem(sys.modules, name, raising=False)
    return importlib.import_module(module)


def test_the_demo_and_test_settings_install_the_demo_app(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "demo" in settings.INSTALLED_APPS
    assert "demo" in _fresh(monkeypatch, "wellbeing_portal.settings.demo").INSTALLED_APPS


def test_base_and_production_settings_do_not(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "demo" not in _fresh(monkeypatch, BASE).INSTALLED_APPS
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "portal.example.org")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    production = _fresh(monkeypatch, "wellbeing_portal.settings.production")
    assert "demo" not in production.INSTALLED_APPS
    assert "portal" in production.INSTALLED_APPS
