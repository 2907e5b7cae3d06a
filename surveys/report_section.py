"""The surveys' part of a governor report (`c.sections.surveys`, registered in `apps.py`):
the waves that closed in the period, through the app's own results, so every figure passes the same suppression as the
results pages. Only published waves: the wellbeing lead publishes a wave once comments
are redacted, and governors see nothing earlier. Headteacher surveys are left out (their results are only ever shown
across all heads, which a school's governors must not be able to narrow down)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wellbeing_portal.core.registry import ReportScope, ReportSection

from . import presenters, results, selectors
from .models import Wave
from .presenters import DomainLine

MAX_WAVES = 3
HeatRow = tuple[str, list[float | None]]


@dataclass
class SurveySection:
    wave: Wave
    respondents: int | None
    response_rate: float | None
    hidden: bool
    lines: list[DomainLine]
    chart: Any
    trend_chart: Any
    heat_rows: list[HeatRow]
    heatmap: Any
    domains: list[str]
    trend_waves: list[str]
    trend_rows: list[tuple[str, list[float | None]]]


def survey_sections(scope: ReportScope) -> list[SurveySection]:
    """Up to three published staff-survey waves that closed in the period, newest first."""
    waves = selectors.waves_for_governor_report(
        organisation=scope.organisation,
        starts_on=scope.starts_on,
        ends_on=scope.ends_on,
        school_id=scope.school_id,
        limit=MAX_WAVES,
    )
    return [_section(scope, wave) for wave in waves]


def _section(scope: ReportScope, wave: Wave) -> SurveySection:
    """One wave's figures for the school (against the trust average) or the trust (with
    every school's row): the same presenter as the results pages draws them."""
    res = results.wave_results(wave)
    group = res.schools[scope.school_id] if scope.school_id else res.organisation
    key = results.school_key(scope.school_id) if scope.school_id else results.ORG
    trend = results.trend_for(wave=wave, school_id=scope.school_id)
    for_school = bool(scope.school_id)
    trend_chart = presenters.trend_lines(res, trend, key, label=group.label)
    return SurveySection(
        wave=wave,
        respondents=None if group.hidden else group.respondents,
        response_rate=group.response_rate,
        hidden=group.hidden,
        lines=presenters.domain_lines(res, group, trend, key, with_trust=for_school),
        chart=presenters.domain_chart(res, group, against="trust" if for_school else None),
        trend_chart=trend_chart,
        heat_rows=[] if for_school else presenters.heatmap_rows(res),
        heatmap=None if for_school else presenters.schools_heatmap(res, hidden_as="not shown"),
        domains=[d.label for d in res.domains],
        trend_waves=[w.title for w in trend.waves] if trend_chart else [],
        trend_rows=results.trend_values(trend, key) if trend_chart else [],
    )


SECTION = ReportSection(key="surveys", order=20, build=survey_sections)
