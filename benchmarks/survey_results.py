"""Time the survey results pages at scale: 50 schools × 120 staff × 6 waves.

Builds the data with bulk inserts (the services would take minutes: what is measured
is reading, not writing), then requests each page `--runs` times through Django's test
client and prints the median beside a trivial reference page measured in the same run,
so that numbers from different machines can be compared as ratios.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wellbeing_bench \\
        .venv/bin/python benchmarks/survey_results.py [--schools 50] [--staff 120] [--waves 6]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellbeing_portal.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--staff", type=int, default=120)
    parser.add_argument("--waves", type=int, default=6)
    parser.add_argument("--runs", type=int, default=15)
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


def build(schools_n: int, staff_n: int, waves_n: int) -> tuple[Any, list[Any], Any]:
    from surveys import results, services
    from surveys.models import Answer, Response, Survey, Wave
    from wellbeing_portal.people.models import Membership, Organisation, Role, School, User

    rng = random.Random(7)  # noqa: S311 - benchmark data
    services.bank_load()
    survey = Survey.objects.get(organisation=None, key="staff-wellbeing")
    items = list(survey.items.all())
    org = Organisation.objects.create(name="Bench Trust", slug="bench", kind="trust")
    schools = School.objects.bulk_create(
        School(name=f"School {i:02d}", urn=f"{700000 + i}", phase="primary", responsible_body=org)
        for i in range(schools_n)
    )
    lead = User.objects.create_user("lead@bench.example.org", "bench", full_name="Bench Lead")
    Membership.objects.create(user=lead, role=Role.WELLBEING_LEAD, organisation=org)
    waves = []
    groups = ("teaching", "support", "leadership")
    for w in range(waves_n):
        opens = dt.date(2025, 1, 6) + dt.timedelta(days=60 * w)
        wave = Wave.objects.create(
            organisation=org,
            survey=survey,
            title=f"Wave {w + 1}",
            roles=["staff"],
            opens_on=opens,
            closes_on=opens + dt.timedelta(days=20),
            status=Wave.Status.CLOSED,
            results_published=True,
        )
        wave.schools.set(schools)
        responses = []
        answers = []
        for s_index, school in enumerate(schools):
            # Response rates vary; a few small schools fall under the threshold.
            answered = 3 if s_index % 17 == 0 else int(staff_n * rng.uniform(0.4, 0.9))
            for n in range(answered):
                response = Response(
                    id=uuid.uuid4(),
                    wave=wave,
                    school=school,
                    role_group=groups[n % 3],
                    submitted_on=opens,
                    invited=True,
                )
                responses.append(response)
                for item in items:
                    value = max(1, min(5, round(rng.gauss(3.4, 1))))
                    scored = 6 - value if item.reverse_scored else value
                    answers.append(Answer(response=response, item=item, value=value, scored=scored))
        Response.objects.bulk_create(responses, batch_size=5000)
        Answer.objects.bulk_create(answers, batch_size=10000)
        results.result_set_freeze(wave=wave)
        waves.append(wave)
    return lead, waves, schools[1]


def first_ms(client: Any, url: str) -> float:
    """One view with an empty cache: the answers are read from the database."""
    from django.core.cache import cache

    cache.clear()
    start = time.perf_counter()
    assert client.get(url).status_code == 200, url
    return (time.perf_counter() - start) * 1000


def median_ms(client: Any, url: str, runs: int) -> float:
    times = []
    client.get(url)  # warm up (and fill the cache of the waves' answer counts)
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def run(args: argparse.Namespace) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from surveys.models import Answer, Response

    start = time.perf_counter()
    lead, waves, school = build(args.schools, args.staff, args.waves)
    print(
        f"Built {args.schools} schools × {args.staff} staff × {args.waves} waves: "
        f"{Response.objects.count()} responses, {Answer.objects.count()} answers "
        f"in {time.perf_counter() - start:.0f} s ({connection.vendor})"
    )
    settings.PORTAL_REQUIRE_MFA = False  # measuring results, not sign-in
    client = Client()
    client.force_login(lead)
    latest = waves[-1]
    pages = {
        "reference (accessibility statement)": reverse("core:accessibility"),
        "organisation results": reverse("surveys:results", kwargs={"pk": latest.pk}),
        "school results": reverse(
            "surveys:results_school",
            kwargs={"pk": latest.pk, "school_pk": school.pk},
        ),
        "CSV export": reverse("surveys:results_csv", kwargs={"pk": latest.pk}),
    }
    reference = None
    for name, url in pages.items():
        first = first_ms(client, url)
        ms = median_ms(client, url, args.runs)
        reference = reference or ms
        print(
            f"  {name:38} median {ms:8.1f} ms  ({ms / reference:6.1f} × reference)"
            f"   first view, cache empty {first:8.1f} ms"
        )


if __name__ == "__main__":
    main()
