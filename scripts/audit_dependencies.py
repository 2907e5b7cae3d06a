"""The dependency audit of `make audit`: pip-audit's verdict, enforced when it has one.

pip-audit asks a vulnerability service (PyPI's JSON API by default) about every installed
package. Three things can come back, and only one of them fails the build:

- a known vulnerability in an installed package: listed, exit status 1;
- the service could not be reached (no network, a proxy refusing), or it did not know a
  package (a private index, an offline mirror): said so, exit status 0, because nothing
  was found, only nothing checked;
- nothing known: exit status 0.

Usage: python scripts/audit_dependencies.py [pip-audit options, e.g. --ignore-vuln ID]
"""

from __future__ import annotations

import json
import os
import subprocess  # nosec B404: runs pip-audit, a fixed command
import sys
import tempfile
from dataclasses import dataclass, field
from typing import Any

PIP_AUDIT = [
    sys.executable,
    "-m",
    "pip_audit",
    "--format",
    "json",
    "--progress-spinner",
    "off",
    "--skip-editable",
    "--desc",
    "off",
]
TIMEOUT_SECONDS = 600
# What a traceback says when the service was not reached.
UNREACHABLE = (
    "ConnectionError",
    "ProxyError",
    "Timeout",
    "NameResolutionError",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "SSLError",
)


@dataclass
class Verdict:
    status: int  # the exit status: 1 only for a known vulnerability
    lines: list[str] = field(default_factory=list)


def decide(report: dict[str, Any] | None, *, returncode: int, stderr: str = "") -> Verdict:
    """The audit's verdict from pip-audit's JSON report (None if it wrote none), its exit
    status and what it said on stderr."""
    if report is None or not isinstance(report.get("dependencies"), list):
        last = stderr.strip().splitlines()[-1:] or [f"exit status {returncode}"]
        if any(word in stderr for word in UNREACHABLE):
            why = "could not reach the vulnerability service"
        else:
            why = "did not finish"
        return Verdict(
            0,
            [
                f"pip-audit {why}: nothing was checked, so nothing is enforced ({last[0]}).",
                "Run `make audit` where the service answers before you release.",
            ],
        )
    dependencies = [
        d
        for d in report["dependencies"]
        # The portal itself, installed editable: not on PyPI, and not a dependency.
        if isinstance(d, dict) and "editable" not in str(d.get("skip_reason") or "")
    ]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    checked = len(dependencies) - len(skipped)
    lines = []
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed release yet"
            aliases = ", ".join(vuln.get("aliases") or [])
            lines.append(
                f"VULNERABLE {dependency.get('name')} {dependency.get('version')}: "
                f"{vuln.get('id')}{f' ({aliases})' if aliases else ''}; fixed in {fixes}"
            )
    if skipped:
        lines.append(
            f"pip-audit could not check {len(skipped)} of {len(dependencies)} packages "
            f"(the service did not know them), e.g. {skipped[0].get('skip_reason')}"
        )
    if vulnerable:
        lines.append(
            f"{len(vulnerable)} installed package(s) with known vulnerabilities: upgrade "
            "them (pyproject.toml's bounds) or, if one does not apply, pass "
            "--ignore-vuln ID with a comment in the Makefile saying why."
        )
        return Verdict(1, lines)
    if checked:
        lines.append(f"No known vulnerabilities in the {checked} packages checked.")
    else:
        lines.append(
            "Nothing was checked, so nothing is enforced: run `make audit` where the "
            "service answers before you release."
        )
    return Verdict(0, lines)


def run(extra: list[str]) -> tuple[dict[str, Any] | None, int, str]:
    """Run pip-audit; its JSON report (None if it wrote none), exit status and stderr."""
    handle, path = tempfile.mkstemp(suffix=".json")
    os.close(handle)
    try:
        try:
            done = subprocess.run(  # noqa: S603 # nosec B603: a fixed command and our own arguments
                [*PIP_AUDIT, "--output", path, *extra],
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return None, -1, "Timeout: pip-audit did not answer in time"
        try:
            with open(path, encoding="utf-8") as report_file:
                report = json.load(report_file)
        except (OSError, ValueError):
            report = None
        return report if isinstance(report, dict) else None, done.returncode, done.stderr
    finally:
        os.unlink(path)


def main(argv: list[str]) -> int:
    report, returncode, stderr = run(argv)
    verdict = decide(report, returncode=returncode, stderr=stderr)
    for line in verdict.lines:
        print(line)
    return verdict.status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
