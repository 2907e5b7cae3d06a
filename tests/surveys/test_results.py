"""Results: aggregated in the database, suppressed before anyone sees them, scoped by
role, and a fixed number of queries however many schools and waves."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from surveys import results, services
from surveys.models import Survey
from tests.conftest import World
from tests.factories import SchoolFactory
from wellbeing_portal.people.models import Organisation

from .factories import OPENS, all_answers, open_wave, respond

pytestmark = pytest.mark.dates


def test_scores_are_reverse_scored_and_favourable_counted(world: World) -> None:
    wave = open_wave(organisation=world.trust, schools=[world.school], score_threshold=3)
    respond(wave, world.school, 3, value=5)  # "strongly agree" to everything
    res = results.wave_results(services.wave_close(wave=wave))
    health = res.organisation.score("health")
    assert health is not None
    items = list(wave.survey.items.filter(domain__key="health"))
    reversed_share = sum(i.reverse_scored for i in items) / len(items)
    # Agreeing with a reverse-scored statement scores 1; the rest score 5.
    assert health.mean == pytest.approx(5 - 4 * reversed_share)
    assert health.favourable == pytest.approx(1 - reversed_share)
    assert res.organisation.respondents == 3
    assert res.organisation.shares("health") == pytest.approx(
        [reversed_share, 0, 0, 0, 1 - reversed_share]
    )


def test_small_schools_are_hidden_and_cannot_be_recovered_from_the_trust(
    world: World,
) -> None:
    third = SchoolFactory.create(name="Gamma Academy", responsible_body=world.trust)
    wave = open_wave(organisation=world.trust, schools=[world.school, world.sibling_school, third])
    respond(wave, world.school, 8)
    respond(wave, world.sibling_school, 7)
    respond(wave, third, 2)  # under the threshold of 5
    res = results.wave_results(services.wave_close(wave=wave))
    assert res.schools[third.pk].hidden
    assert res.schools[third.pk].score("health") is None
    # Trust minus the shown schools would reveal the small one: another is hidden too,
    # or the trust itself is.
    shown = [g for g in res.schools.values() if not g.hidden]
    assert res.organisation.hidden or len(shown) < 2


def test_role_groups_under_the_threshold_are_hidden(world: World) -> None:
    wave = open_wave(organisation=world.trust, schools=[world.school])
    respond(wave, world.school, 6, role_group="teaching")
    respond(wave, world.school, 2, role_group="support")
    res = results.wave_results(services.wave_close(wave=wave))
    roles = {g.label: g for g in res.roles[world.school.pk]}
    assert roles["Support staff"].hidden
    assert roles["Teaching staff"].hidden  # else school − teaching = the two support staff
    assert not res.schools[world.school.pk].hidden


def test_comments_only_for_schools_at_the_comment_threshold(world: World) -> None:
    third = SchoolFactory.create(name="Gamma Academy", responsible_body=world.trust)
    fourth = SchoolFactory.create(name="Delta Academy", responsible_body=world.trust)
    wave = open_wave(
        organisation=world.trust,
        schools=[world.school, world.sibling_school, third, fourth],
        score_threshold=3,
        comment_threshold=6,
    )
    respond(wave, world.school, 6, comment="Big school comment")
    respond(wave, third, 6)
    # Two small schools: together they make six, so neither can be singled out.
    respond(wave, world.sibling_school, 3, comment="Small school comment")
    respond(wave, fourth, 3)
    res = results.wave_results(services.wave_close(wave=wave))
    assert results.comments_for(results=res, school_id=world.sibling_school.pk) == []
    shown = results.comments_for(results=res, school_id=world.school.pk)
    assert [c.text for c in shown][:1] == ["Big school comment"]
    assert res.comment_school_ids == {world.school.pk, third.pk}
    # Shown for scores, all the same.
    assert not res.schools[world.sibling_school.pk].hidden


def test_headteacher_results_are_never_per_school(world: World) -> None:
    wave = open_wave(
        organisation=world.trust,
        schools=[world.school],
        kind=Survey.Kind.HEADTEACHER,
        roles=["headteacher"],
    )
    respond(wave, world.school, 5, role_group="headteacher")
    res = results.wave_results(services.wave_close(wave=wave))
    assert res.schools == {} and res.roles == {}
    assert not res.organisation.hidden
    rows = list(csv.reader(io.StringIO(results.results_csv(res))))
    assert {row[0] for row in rows[1:]} == {"organisation"}


def test_the_csv_applies_suppression(world: World, client: Any) -> None:
    wave = open_wave(organisation=world.trust, schools=[world.school, world.sibling_school])
    respond(wave, world.school, 6)
    respond(wave, world.sibling_school, 2)
    services.wave_close(wave=wave)
    client.force_login(world.user("wellbeing_lead"))
    body = client.get(reverse("surveys:results_csv", kwargs={"pk": wave.pk})).content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    small = [r for r in rows if r["school"] == world.sibling_school.name]
    assert small and all(r["respondents"] == "suppressed" for r in small)
    assert all(r["mean"] == "suppressed" for r in small)
    assert "2" not in {r["respondents"] for r in rows}


def test_a_head_sees_suppression_on_the_school_page(world: World, client: Any) -> None:
    wave = open_wave(organisation=world.trust, schools=[world.school, world.sibling_school])
    respond(wave, world.school, 6, role_group="teaching")
    respond(wave, world.school, 1, role_group="support")
    respond(wave, world.sibling_school, 9)
    services.wave_close(wave=wave)
    client.force_login(world.user("headteacher"))
    page = client.get(
        reverse("surveys:results_school", kwargs={"pk": wave.pk, "school_pk": world.school.pk})
    )
    assert page.status_code == 200
    assert b"Hidden" in page.content
    assert b"Results are shown only for groups of at least 5 people" in page.content


def test_staff_see_results_only_once_published(world: World, client: Any) -> None:
    wave = open_wave(organisation=world.trust, schools=[world.school])
    respond(wave, world.school, 6)
    services.wave_close(wave=wave)
    url = reverse("surveys:results_school", kwargs={"pk": wave.pk, "school_pk": world.school.pk})
    client.force_login(world.user("staff"))
    assert client.get(url).status_code == 404
    services.wave_publish(wave=wave)
    assert client.get(url).status_code == 200


def test_an_action_lands_in_the_charter_action_plan(rich_world: World, client: Any) -> None:
    world = rich_world
    wave = open_wave(organisation=world.trust, schools=[world.school])
    respond(wave, world.school, 6)
    client.force_login(world.user("headteacher"))
    url = reverse(
        "surveys:action_create",
        kwargs={"pk": wave.pk, "school_pk": world.school.pk, "domain": "health"},
    )
    page = client.get(url)
    choice = page.context["form"].fields["commitment_key"].choices[0][0]
    response = client.post(
        url,
        {
            "commitment_key": choice,
            "title": "Health: no emails after 6pm",
            "due_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            "for_staff": "on",
            "staff_summary": "You said evenings are swamped by email; we set quiet hours.",
        },
    )
    assert response.status_code == 302
    from charters.models import Action

    action = Action.objects.get(title="Health: no emails after 6pm")
    assert action.school == world.school and action.for_staff
    staff_page = client.get(reverse("charters:staff_page", kwargs={"school_pk": world.school.pk}))
    assert b"we set quiet hours" in staff_page.content


def test_no_charter_gives_a_clear_message(world: World, client: Any) -> None:
    wave = open_wave(organisation=world.trust, schools=[world.school])
    client.force_login(world.user("headteacher"))
    page = client.get(
        reverse(
            "surveys:action_create",
            kwargs={"pk": wave.pk, "school_pk": world.school.pk, "domain": "health"},
        )
    )
    assert b"has not adopted a wellbeing charter" in page.content


# Query counts ---------------------------------------------------------------------------


def _organisation(n_schools: int, n_waves: int) -> tuple[Organisation, list[Any]]:
    org = Organisation.objects.create(
        name=f"Big {n_schools}", slug=f"big-{n_schools}", kind="trust"
    )
    schools = [SchoolFactory.create(responsible_body=org) for _ in range(n_schools)]
    waves = []
    for w in range(n_waves):
        opens = OPENS + dt.timedelta(days=35 * w)
        wave = open_wave(
            organisation=org,
            schools=schools,
            title=f"Wave {w}",
            opens_on=opens,
            closes_on=opens + dt.timedelta(days=20),
        )
        for i, school in enumerate(schools):
            respond(wave, school, 3 + i % 4, role_group=("teaching", "support")[i % 2], today=opens)
        services.wave_close(wave=wave)
        waves.append(wave)
    return org, waves


def _pages(org: Organisation, waves: list[Any]) -> list[str]:
    latest = waves[-1]
    school = latest.schools.order_by("pk").first()
    return [
        reverse("surveys:results", kwargs={"pk": latest.pk}),
        reverse("surveys:results_school", kwargs={"pk": latest.pk, "school_pk": school.pk}),
        reverse("surveys:results_csv", kwargs={"pk": latest.pk}),
    ]


def test_results_queries_do_not_grow_with_schools_or_waves(
    world: World, client: Any, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import MembershipFactory

    lead = world.user("wellbeing_lead")
    counts: list[list[int]] = []
    for n_schools, n_waves in ((2, 2), (7, 5)):
        org, waves = _organisation(n_schools, n_waves)
        MembershipFactory.create(user=lead, role="wellbeing_lead", organisation=org)
        lead = type(lead).objects.get(pk=lead.pk)  # forget the cached roles
        client.force_login(lead)
        sizes = []
        for url in _pages(org, waves):
            with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            sizes.append(len(ctx.captured_queries))
        counts.append(sizes)
    assert counts[0] == counts[1], counts


def test_all_answers_helper_is_complete(world: World) -> None:
    wave = open_wave(organisation=world.trust, schools=[world.school])
    assert len(all_answers(wave)) == wave.survey.items.count()


def test_trends_and_the_previous_wave_use_each_waves_own_suppression(world: World) -> None:
    first = open_wave(
        organisation=world.trust,
        schools=[world.school, world.sibling_school],
        title="First",
        opens_on=OPENS,
        closes_on=OPENS + dt.timedelta(days=10),
    )
    respond(first, world.school, 6, value=4, today=OPENS)
    respond(first, world.sibling_school, 6, value=2, today=OPENS)
    services.wave_close(wave=first)
    second_opens = OPENS + dt.timedelta(days=60)
    second = open_wave(
        organisation=world.trust,
        schools=[world.school, world.sibling_school],
        title="Second",
        opens_on=second_opens,
        closes_on=second_opens + dt.timedelta(days=10),
    )
    respond(second, world.school, 6, value=3, today=second_opens)
    respond(second, world.sibling_school, 2, today=second_opens)  # hidden this time
    services.wave_close(wave=second)
    # An earlier wave the lead has not published is not part of anyone's trend.
    assert [w.title for w in results.trend_for(wave=second).waves] == ["Second"]
    services.wave_publish(wave=first)
    trend = results.trend_for(wave=second, school_id=world.sibling_school.pk)
    assert [w.title for w in trend.waves] == ["First", "Second"]
    key = results.school_key(world.sibling_school.pk)
    first_mean, second_mean = trend.series[(key, "purpose")]
    assert first_mean is not None and second_mean is None
    # The organisation's own line: shown in both waves, or hidden, never a mixture
    # that would let the small school be worked out.
    org_line = trend.series[(results.ORG, "purpose")]
    assert org_line[0] is not None


def test_an_imported_instrument_is_scored_with_its_conversion_table_and_norms(
    world: World,
) -> None:
    from pathlib import Path

    from surveys import importer

    example = Path(__file__).resolve().parents[2] / "docs/examples/instrument-example.json"
    survey = importer.instrument_import(
        organisation=world.trust, parsed=importer.parse_json(example.read_bytes())
    )
    wave = services.wave_create(
        organisation=world.trust,
        survey=survey,
        title="Team climate",
        schools=[world.school],
        roles=["staff"],
        opens_on=OPENS,
        closes_on=OPENS + dt.timedelta(days=10),
    )
    services.wave_open(wave=wave, today=OPENS)
    respond(wave, world.school, 5, value=5, today=OPENS)
    res = results.wave_results(services.wave_close(wave=wave))
    # Answering "Always" to all four: the two reverse-scored items score 1, so the raw
    # total is 5 + 1 + 5 + 1 = 12, which the table turns into 13.2.
    assert res.organisation.metric == pytest.approx(13.2)
    assert res.metric_norm == 12.0
    assert res.norms == {"pace": 3.1, "together": 3.6}
    pace = res.organisation.score("pace")
    assert pace is not None and pace.mean == 3.0


def test_only_the_organisation_reads_the_headteacher_survey(world: World, client: Any) -> None:
    wave = open_wave(
        organisation=world.trust,
        schools=[world.school],
        kind=Survey.Kind.HEADTEACHER,
        roles=["headteacher"],
    )
    respond(wave, world.school, 5, role_group="headteacher")
    services.wave_close(wave=wave)
    services.wave_publish(wave=wave)
    url = reverse("surveys:results", kwargs={"pk": wave.pk})
    client.force_login(world.user("wellbeing_lead"))
    page = client.get(url)
    assert page.status_code == 200
    assert b"All headteachers" in page.content
    assert b"never school by school" in page.content
    for role in ("headteacher", "staff", "governor", "link_officer"):
        client.force_login(world.user(role))
        assert client.get(url).status_code == 404, role
        school_url = reverse(
            "surveys:results_school", kwargs={"pk": wave.pk, "school_pk": world.school.pk}
        )
        assert client.get(school_url).status_code == 404, role


def test_staff_read_published_scores_but_not_comments(world: World, client: Any) -> None:
    wave = open_wave(organisation=world.trust, schools=[world.school], score_threshold=3)
    respond(wave, world.school, 6, comment="A private worry about my team.")
    services.wave_close(wave=wave)
    services.wave_publish(wave=wave)
    url = reverse("surveys:results_school", kwargs={"pk": wave.pk, "school_pk": world.school.pk})
    client.force_login(world.user("staff"))
    page = client.get(url)
    assert page.status_code == 200
    assert b"6 people answered" in page.content
    assert b"A private worry" not in page.content
    assert b"Add an action" not in page.content
    client.force_login(world.user("headteacher"))
    page = client.get(url)
    assert b"A private worry about my team." in page.content
    assert b"Add an action" in page.content


def test_an_open_waves_results_do_not_exist_and_a_closed_waves_are_frozen(
    world: World, django_assert_max_num_queries: Any
) -> None:
    wave = open_wave(organisation=world.trust, schools=[world.school])
    respond(wave, world.school, 6, role_group="teaching")
    # Open: no figures at all, however many have answered.
    with pytest.raises(results.ResultsNotReady):
        results.wave_results(wave)
    with pytest.raises(results.ResultsNotReady):
        results.trend_for(wave=wave)
    respond(wave, world.school, 1, role_group="teaching")
    services.wave_close(wave=wave)
    first = results.wave_results(wave)
    assert first.organisation.respondents == 7
    assert not first.schools[world.school.pk].hidden
    trend = results.trend_for(wave=wave, school_id=world.school.pk)
    with django_assert_max_num_queries(2):  # the result set and the domains
        again = results.wave_results(wave)
    assert again.organisation.respondents == 7 and again.wave is wave
    with django_assert_max_num_queries(3):  # which waves, their domains, their result sets
        assert results.trend_for(wave=wave, school_id=world.school.pk).series == trend.series
    # Raising the threshold above the school's 7 hides it at once, trend included.
    services.wave_thresholds_update(wave=wave, score_threshold=8, comment_threshold=8)
    wave.refresh_from_db()
    assert results.wave_results(wave).schools[world.school.pk].hidden
    school = results.school_key(world.school.pk)
    later = results.trend_for(wave=wave, school_id=world.school.pk)
    assert all(
        v is None for (key, _), values in later.series.items() if key == school for v in values
    )


def test_a_survey_of_one_domain_shows_a_dash_for_the_others(world: World, client: Any) -> None:
    """An organisation's own survey may ask one domain of an instrument: the pages list
    every domain, and those without a score show a dash (no error)."""
    from surveys.models import Item

    from .factories import CLOSES, OPENS, bank_survey

    bank = bank_survey()
    first = bank.items.order_by("domain__position").first()
    assert first is not None
    domain = first.domain
    pulse = services.survey_create(
        organisation=world.trust,
        name="Workload pulse",
        kind=Survey.Kind.STAFF,
        items=Item.objects.filter(instrument=bank.instrument, domain=domain),
    )
    wave = services.wave_create(
        organisation=world.trust,
        survey=pulse,
        title="Pulse",
        schools=[world.school],
        roles=["staff", "wellbeing_champion"],
        opens_on=OPENS,
        closes_on=CLOSES,
        score_threshold=3,
        comment_threshold=3,
    )
    services.wave_open(wave=wave, today=OPENS)
    respond(wave, world.school, 4, value=4)
    services.wave_close(wave=wave)
    services.wave_publish(wave=wave)
    client.force_login(world.user("wellbeing_lead"))
    for url in (
        reverse("surveys:results", kwargs={"pk": wave.pk}),
        reverse("surveys:results_school", kwargs={"pk": wave.pk, "school_pk": world.school.pk}),
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        text = page.content.decode()
        assert domain.label in text
        assert "–</td>" in text, url
