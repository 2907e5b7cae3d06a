"""Time building a governor report: one school's, and the organisation's for 50 schools,
each beside WeasyPrint alone turning the same HTML into PDF, measured in the same run.

The ratio (full build / WeasyPrint alone) shows what gathering the data costs on top of
the PDF engine. Data: the survey benchmark's organisation (50 schools, 2 closed waves),
an adopted charter with progress and actions at every school, and an inspection at five.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wellbeing_bench \\
        .venv/bin/python benchmarks/report_build.py [--schools 50] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellbeing_portal.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--staff", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        run(args)
    finally:
        teardown_databases(old, verbosity=0)


def build(schools_n: int, staff_n: int) -> Any:
    # The survey benchmark's organisation, loaded by path (benchmarks are scripts).
    sys.path.insert(0, str(Path(__file__).parent))
    build_surveys = importlib.import_module("survey_results").build
    from charters import services as charters
    from charters.models import Action, Progress
    from charters.selectors import version_current
    from inspections import services as inspections
    from wellbeing_portal.people.models import Membership, Role, School, User

    lead, waves, _ = build_surveys(schools_n, staff_n, 2)
    organisation = waves[0].organisation
    rng = random.Random(11)  # noqa: S311 - benchmark data
    charter = charters.charter_adopt(
        organisation=organisation,
        template_key="education-staff-wellbeing",
        adopted_on=dt.date(2025, 9, 1),
        review_on=dt.date(2027, 9, 1),
        adopted_by=lead,
    )
    version = version_current(charter)
    assert version is not None
    keys = list(version.commitments.values_list("key", flat=True))
    schools = list(School.objects.filter(responsible_body=organisation))
    statuses = ["not_started", "planned", "in_progress", "embedded"]
    Progress.objects.bulk_create(
        Progress(charter=charter, school=s, commitment_key=k, status=rng.choice(statuses))
        for s in schools
        for k in keys
    )
    Action.objects.bulk_create(
        Action(
            charter=charter,
            school=s,
            commitment_key=rng.choice(keys),
            title=f"Action {n}",
            created_on=dt.date(2025, 9, 1),
            due_on=dt.date(2026, 12, 1) + dt.timedelta(days=rng.randint(-60, 60)),
        )
        for s in schools
        for n in range(4)
    )
    for index, school in enumerate(schools[:5]):
        head = User.objects.create_user(f"head{index}@bench.example.org", "bench", full_name="Head")
        Membership.objects.create(user=head, role=Role.HEADTEACHER, school=school)
        inspections.inspection_log(
            school=school,
            logged_by=head,
            **{
                **inspections.inspection_defaults(now=dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)),
                "call_received_at": dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC),
            },
        )
    return organisation, schools[0], waves


def median_ms(work: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build_pdf(report: Any) -> bytes:
    """Everything a worker does: gather, render the HTML, make the PDF."""
    from reports.content import report_content
    from reports.render import html_to_pdf, report_html

    return html_to_pdf(report_html(report_content(report)))


def run(args: argparse.Namespace) -> None:
    from reports.content import report_content
    from reports.models import Report
    from reports.periods import Period
    from reports.render import html_to_pdf, report_html

    organisation, school, waves = build(args.schools, args.staff)
    last = waves[-1]
    period = Period(
        "bench",
        "Academic year",
        last.opens_on - dt.timedelta(days=200),
        last.closes_on + dt.timedelta(days=400),
    )
    rows = []
    for label, subject in (
        ("school report", school),
        (f"organisation report ({args.schools} schools)", None),
    ):
        report = Report(
            organisation=organisation,
            school=subject,
            scope_key="bench",
            period_key=period.key,
            period_label=period.label,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
        )
        html = report_html(report_content(report))
        full = median_ms(partial(build_pdf, report), args.runs)
        alone = median_ms(partial(html_to_pdf, html), args.runs)
        rows.append((label, full, alone))
    print(f"\n{'report':<34}{'full build':>12}{'WeasyPrint alone':>18}{'ratio':>8}")
    for label, full, alone in rows:
        print(f"{label:<34}{full:>10.0f} ms{alone:>16.0f} ms{full / alone:>8.2f}")


if __name__ == "__main__":
    main()
