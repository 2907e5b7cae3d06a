"""The surveys' part of a governor report (`c.sections.surveys`, registered in `apps.py`):
the waves that closed in the period, through the app's own results, so every figure passes the same suppression as the
results pages. Only published waves: the wellbeing lead publishes a wave once comments
are redacted, and governors see nothing earlier. Headteacher surveys are left out (their results are only ever shown
across all heads, which a school's governors must not be able to narrow down)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wellbeing_portal.core.registry import ReportScope, ReportSection

from . import charts, results
from .models import Survey, Wave

MAX_WAVES = 3
HeatRow = tuple[str, list[float | None]]


@dataclass
class DomainLine:
    label: str
    mean: float | None  # None: not shown (too few answers)
    favourable: float | None
    trust: float | None
    previous: float | None


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
    waves = list(
        Wave.objects.filter(
            organisation=scope.organisation,
            status=Wave.Status.CLOSED,
            # Governors read a school's results only once the lead has published them.
            results_published=True,
            closes_on__gte=scope.starts_on,
            closes_on__lte=scope.ends_on,
        )
        .exclude(survey__kind=Survey.Kind.HEADTEACHER)
        .select_related("survey__instrument")
        .order_by("-closes_on")[:MAX_WAVES]
    )
    if scope.school_id:
        waves = [w for w in waves if w.schools.filter(pk=scope.school_id).exists()]
    return [_section(scope, wave) for wave in waves]


def _section(scope: ReportScope, wave: Wave) -> SurveySection:
    res = results.wave_results(wave)
    org = res.organisation
    group = res.schools[scope.school_id] if scope.school_id else org
    key = results.school_key(scope.school_id) if scope.school_id else results.ORG
    trend = results.trend_for(wave=wave, school_id=scope.school_id)
    low = float(wave.survey.instrument.scale_min)
    top = float(wave.survey.instrument.scale_max)

    def previous(domain_key: str) -> float | None:
        values = trend.series.get((key, domain_key)) or []
        return values[-2] if len(values) > 1 else None

    lines = [
        DomainLine(
            label=d.label,
            mean=group.mean(d.key),
            favourable=score.favourable if (score := group.score(d.key)) else None,
            trust=org.mean(d.key) if scope.school_id else None,
            previous=previous(d.key),
        )
        for d in res.domains
    ]
    chart = charts.bar_chart(
        title=f"Domain scores, {group.label}",
        description="Mean score on each domain, higher is better"
        + ("; the marker shows the trust average." if scope.school_id else "."),
        bars=[charts.Bar(label=line.label, value=line.mean, compare=line.trust) for line in lines],
        max_value=top,
        compare_label="Trust average" if scope.school_id else "",
        decimals=2,
    )
    trend_chart = (
        results.trend_chart(trend, key, low=low, high=top, label=group.label)
        if len(trend.waves) > 1
        else None
    )
    heat_rows, heatmap = _heatmap(res, low=low, high=top) if not scope.school_id else ([], None)
    return SurveySection(
        wave=wave,
        respondents=None if group.hidden else group.respondents,
        response_rate=group.response_rate,
        hidden=group.hidden,
        lines=lines,
        chart=chart,
        trend_chart=trend_chart,
        heat_rows=heat_rows,
        heatmap=heatmap,
        domains=[d.label for d in res.domains],
        trend_waves=[w.title for w in trend.waves] if trend_chart else [],
        trend_rows=results.trend_values(trend, key) if trend_chart else [],
    )


def _heatmap(res: results.WaveResults, *, low: float, high: float) -> tuple[list[HeatRow], Any]:
    """The organisation's schools × domains, as rows and as a chart (none without schools)."""
    if not res.schools:
        return [], None
    heat_rows = [(g.label, [g.mean(d.key) for d in res.domains]) for g in res.schools.values()]
    heatmap = charts.heatmap(
        title="Schools by domain",
        description="Mean score per school and domain; empty cells are not shown because "
        "the group is too small.",
        row_labels=[label for label, _ in heat_rows],
        column_labels=[d.label for d in res.domains],
        values=[values for _, values in heat_rows],
        low=low,
        high=high,
    )
    return heat_rows, heatmap


SECTION = ReportSection(key="surveys", order=20, build=survey_sections)
