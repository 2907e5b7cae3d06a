"""The presenter: the charts and rows the results pages and the governor report draw, made
once from a wave's frozen results, with the same numbers as the results themselves."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from surveys import presenters, results, services
from tests.conftest import World

from .factories import OPENS, open_wave, respond

pytestmark = pytest.mark.dates


def _closed_waves(world: World) -> tuple[results.WaveResults, results.Trend]:
    """Two published waves of two schools; the second one's results and its trend."""
    waves = []
    for index, title in enumerate(("First", "Second")):
        opens = OPENS + dt.timedelta(days=60 * index)
        wave = open_wave(
            organisation=world.trust,
            schools=[world.school, world.sibling_school],
            title=title,
            opens_on=opens,
            closes_on=opens + dt.timedelta(days=10),
        )
        respond(wave, world.school, 6, value=4, today=opens)
        respond(wave, world.sibling_school, 6, value=2 + index, today=opens)
        services.wave_close(wave=wave)
        services.wave_publish(wave=wave)
        waves.append(wave)
    return results.wave_results(waves[-1]), results.trend_for(wave=waves[-1])


def _desc(svg: str) -> str:
    found = re.search(r"<desc[^>]*>(.*?)</desc>", str(svg))
    assert found is not None
    return found.group(1)


def test_domain_bars_carry_the_groups_means_and_what_they_are_against(world: World) -> None:
    res, _ = _closed_waves(world)
    school = res.schools[world.school.pk]
    against_trust = presenters.domain_bars(res, school, "trust")
    assert [bar.value for bar in against_trust] == [school.mean(d.key) for d in res.domains]
    assert [bar.compare for bar in against_trust] == [
        res.organisation.mean(d.key) for d in res.domains
    ]
    assert all(bar.compare is None for bar in presenters.domain_bars(res, school, None))
    against_norm = presenters.domain_bars(res, res.organisation, "norm")
    assert [bar.compare for bar in against_norm] == [res.norms.get(d.key) for d in res.domains]


def test_the_domain_chart_says_what_its_marker_shows(world: World) -> None:
    res, _ = _closed_waves(world)
    school = res.schools[world.school.pk]
    page = presenters.domain_chart(res, school, against="trust", name=world.school.name)
    assert f"Domain scores, {world.school.name}" in page
    assert _desc(page).startswith(
        f"Mean score on each domain at {world.school.name}, higher is better; "
        "the marker shows the trust average."
    )
    report = presenters.domain_chart(res, res.organisation, against=None)
    assert _desc(report).startswith("Mean score on each domain, higher is better.")
    assert "Trust average" not in report


def test_the_heatmap_and_its_rows_hold_each_schools_means(world: World) -> None:
    res, _ = _closed_waves(world)
    rows = presenters.heatmap_means(res)
    assert [label for label, _ in rows] == [g.label for g in res.schools.values()]
    assert rows[0][1] == [next(iter(res.schools.values())).mean(d.key) for d in res.domains]
    page = presenters.schools_heatmap(res)
    report = presenters.schools_heatmap(res, hidden_as="not shown")
    assert page is not None and report is not None
    assert "empty cells are suppressed because" in _desc(page)
    assert "empty cells are not shown because" in _desc(report)


def test_trends_and_previous_means_come_from_the_trend(world: World) -> None:
    res, trend = _closed_waves(world)
    assert [w.title for w in trend.waves] == ["First", "Second"]
    domain = res.domains[0].key
    first, _ = trend.series[(results.ORG, domain)]
    assert presenters.previous_mean(trend, results.ORG, domain) == first
    assert presenters.trend_lines(res, trend, results.ORG) is not None
    one_wave = results.Trend(waves=trend.waves[-1:], domains=trend.domains, series={})
    assert presenters.trend_lines(res, one_wave, results.ORG) is None
    assert presenters.previous_mean(one_wave, results.ORG, domain) is None
    lines = presenters.domain_lines(res, res.organisation, trend, results.ORG, with_trust=False)
    assert [line.previous for line in lines] == [
        presenters.previous_mean(trend, results.ORG, d.key) for d in res.domains
    ]
    assert all(line.trust is None for line in lines)
