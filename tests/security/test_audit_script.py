"""scripts/audit_dependencies.py: `make audit` fails on a known vulnerability, and only
then; a service that cannot be reached, or does not know a package, is said, not failed."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_dependencies.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


audit = _load()

# What pip-audit 2.x writes with --format json, cut down.
CLEAN = {
    "dependencies": [
        {"name": "django", "version": "5.2.19", "vulns": []},
        {"name": "pip", "version": "26.3", "vulns": []},
        {"name": "wellbeing-portal", "skip_reason": "distribution marked as editable"},
    ],
    "fixes": [],
}
VULNERABLE = {
    "dependencies": [
        {"name": "django", "version": "5.2.19", "vulns": []},
        {
            "name": "setuptools",
            "version": "65.5.0",
            "vulns": [
                {
                    "id": "PYSEC-2025-49",
                    "fix_versions": ["78.1.1"],
                    "aliases": ["CVE-2025-47273", "GHSA-5rjg-fvgr-3xxf"],
                },
                {"id": "GHSA-cx63-2mw6-8hw5", "fix_versions": ["70.0.0"], "aliases": []},
            ],
        },
        {
            "name": "amqp",
            "skip_reason": "Dependency not found on PyPI and could not be audited: amqp (5.4.2)",
        },
    ],
    "fixes": [],
}
NOT_FOUND = {
    "dependencies": [
        {"name": n, "skip_reason": f"Dependency not found on PyPI and could not be audited: {n}"}
        for n in ("amqp", "django", "setuptools")
    ],
    "fixes": [],
}
UNREACHABLE_STDERR = (
    "Traceback (most recent call last):\n  ...\nrequests.exceptions.ConnectionError: "
    "HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded with url: "
    "/pypi/amqp/5.4.2/json (Caused by NameResolutionError(...))"
)


def test_a_known_vulnerability_fails_the_audit_and_is_named() -> None:
    verdict = audit.decide(VULNERABLE, returncode=1)
    assert verdict.status == 1
    text = "\n".join(verdict.lines)
    assert "VULNERABLE setuptools 65.5.0: PYSEC-2025-49 (CVE-2025-47273" in text
    assert "fixed in 78.1.1" in text
    assert "GHSA-cx63-2mw6-8hw5" in text
    assert "could not check 1 of 3 packages" in text  # amqp, said alongside


def test_a_clean_report_passes() -> None:
    verdict = audit.decide(CLEAN, returncode=0)
    assert verdict.status == 0
    assert verdict.lines == ["No known vulnerabilities in the 2 packages checked."]


def test_packages_the_service_does_not_know_are_said_not_failed() -> None:
    verdict = audit.decide(NOT_FOUND, returncode=0)
    assert verdict.status == 0
    text = "\n".join(verdict.lines)
    assert "could not check 3 of 3 packages" in text
    assert "Nothing was checked" in text


def test_an_unreachable_service_is_said_not_failed() -> None:
    verdict = audit.decide(None, returncode=1, stderr=UNREACHABLE_STDERR)
    assert verdict.status == 0
    assert "could not reach the vulnerability service" in verdict.lines[0]


def test_pip_audit_failing_otherwise_is_said_not_failed() -> None:
    verdict = audit.decide(None, returncode=2, stderr="usage: pip-audit ...\nerror: bad option")
    assert verdict.status == 0
    assert "did not finish" in verdict.lines[0] and "bad option" in verdict.lines[0]


def _fake_pip_audit(
    monkeypatch: pytest.MonkeyPatch, report: dict[str, Any] | None, code: int
) -> None:
    """pip-audit replaced by a program that writes `report` to --output and exits `code`."""
    program = (
        "import json, sys\n"
        "path = sys.argv[sys.argv.index('--output') + 1]\n"
        f"report = {json.dumps(report)!r}\n"
        "if report != 'null':\n"
        "    open(path, 'w').write(report)\n"
        "else:\n"
        "    sys.stderr.write('requests.exceptions.ConnectionError: Max retries exceeded')\n"
        f"sys.exit({code})\n"
    )
    monkeypatch.setattr(audit, "PIP_AUDIT", [sys.executable, "-c", program])


@pytest.mark.parametrize(
    ("report", "code", "status"),
    [(VULNERABLE, 1, 1), (CLEAN, 0, 0), (NOT_FOUND, 0, 0), (None, 1, 0)],
    ids=["vulnerable", "clean", "not-found", "unreachable"],
)
def test_the_script_reads_what_pip_audit_wrote(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    report: dict[str, Any] | None,
    code: int,
    status: int,
) -> None:
    _fake_pip_audit(monkeypatch, report, code)
    assert audit.main(["--ignore-vuln", "NOTHING"]) == status
    assert capsys.readouterr().out.strip()
