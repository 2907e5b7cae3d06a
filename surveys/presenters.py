"""What a wave's results look like on a page or in a report: the charts and the table
rows beside them, made from its frozen results (`results.WaveResults`, its groups and a
`results.Trend`). The results pages and the governor report's survey section both draw
from here, so a figure is shown the same way wherever it appears.

Nothing here reads the database or decides who may see what: the caller passes results
the user may read, and every hidden group's figures are already gone from them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.safestring import SafeString

from . import charts
from .models import Domain
from .results import ORG, GroupResult, Score, Trend, WaveResults, trend_chart

# What the marker on each domain bar shows: the instrument's norm, the trust average, or
# nothing.
Against = Literal["norm", "trust"] | None

_MARKER_NOTES = {
    "norm": "; the marker shows the norm where the instrument has one.",
    "trust": "; the marker shows the trust average.",
    None: ".",
}


def scale_of(res: WaveResults) -> tuple[float, float]:
    """The lowest and highest point of the wave's answer scale."""
    instrument = res.wave.survey.instrument
    return float(instrument.scale_min), float(instrument.scale_max)


def previous_mean(trend: Trend, group_key: str, domain_key: str) -> float | None:
    """The group's mean on the domain in the wave before the last one of the trend."""
    values = trend.series.get((group_key, domain_key)) or []
    return values[-2] if len(values) > 1 else None


# Domain bars ----------------------------------------------------------------------------


def domain_bars(res: WaveResults, group: GroupResult, against: Against) -> list[charts.Bar]:
    """One bar per domain: the group's mean, and the norm or trust average to mark on it."""
    bars = []
    for domain in res.domains:
        if against == "norm":
            compare = res.norms.get(domain.key)
        elif against == "trust":
            compare = res.organisation.mean(domain.key)
        else:
            compare = None
        bars.append(charts.Bar(label=domain.label, value=group.mean(domain.key), compare=compare))
    return bars


def domain_chart(
    res: WaveResults, group: GroupResult, *, against: Against, name: str = ""
) -> SafeString:
    """The group's domain scores as bars, marked with `against`. `name`, when given, is
    the place named in the title and description (a school's name as it is now);
    otherwise the title names the group as its results were frozen."""
    place = f" at {name}" if name else ""
    if against == "norm":
        compare_label = "Norm" if res.norms else ""
    else:
        compare_label = "Trust average" if against == "trust" else ""
    return charts.bar_chart(
        title=f"Domain scores, {name or group.label}",
        description=f"Mean score on each domain{place}, higher is better" + _MARKER_NOTES[against],
        bars=domain_bars(res, group, against),
        max_value=scale_of(res)[1],
        compare_label=compare_label,
        decimals=2,
    )


def organisation_rows(
    res: WaveResults, trend: Trend
) -> list[tuple[Domain, Score | None, float | None, float | None]]:
    """The trust-wide table: each domain's score, previous wave's mean and norm."""
    org = res.organisation
    return [
        (d, org.score(d.key), previous_mean(trend, ORG, d.key), res.norms.get(d.key))
        for d in res.domains
    ]


def school_rows(
    res: WaveResults, group: GroupResult, trend: Trend, group_key: str
) -> list[tuple[Domain, Score | None, Score | None, float | None, float | None]]:
    """A school's table: each domain's score, the trust's, the previous wave's mean and
    the norm."""
    return [
        (
            d,
            group.score(d.key),
            res.organisation.score(d.key),
            previous_mean(trend, group_key, d.key),
            res.norms.get(d.key),
        )
        for d in res.domains
    ]


@dataclass
class DomainLine:
    """One domain of a group, for a report's table."""

    label: str
    mean: float | None  # None: not shown (too few answers)
    favourable: float | None
    trust: float | None
    previous: float | None


def domain_lines(
    res: WaveResults, group: GroupResult, trend: Trend, group_key: str, *, with_trust: bool
) -> list[DomainLine]:
    """Each domain's mean, favourable share, previous wave's mean and (`with_trust`) the
    trust average, for the governor report's table."""
    return [
        DomainLine(
            label=d.label,
            mean=group.mean(d.key),
            favourable=score.favourable if (score := group.score(d.key)) else None,
            trust=res.organisation.mean(d.key) if with_trust else None,
            previous=previous_mean(trend, group_key, d.key),
        )
        for d in res.domains
    ]


# Schools × domains ------------------------------------------------------------------------


def heatmap_means(res: WaveResults) -> list[tuple[str, list[float | None]]]:
    """Each school's label and its mean on every domain (None where not shown)."""
    return [(g.label, [g.mean(d.key) for d in res.domains]) for g in res.schools.values()]


def school_score_rows(res: WaveResults) -> list[tuple[GroupResult, list[Score | None]]]:
    """Each school and its score on every domain, for the table beside the heatmap."""
    return [(g, [g.score(d.key) for d in res.domains]) for g in res.schools.values()]


def schools_heatmap(res: WaveResults, *, hidden_as: str = "suppressed") -> SafeString | None:
    """Schools by domains, shaded by mean score; None when the wave has no schools.
    `hidden_as` is how the description names an empty cell ("suppressed" on the pages;
    the governor report says "not shown")."""
    if not res.schools:
        return None
    rows = heatmap_means(res)
    low, high = scale_of(res)
    return charts.heatmap(
        title="Schools by domain",
        description=f"Mean score per school and domain; empty cells are {hidden_as} because "
        "the group is too small.",
        row_labels=[label for label, _ in rows],
        column_labels=[d.label for d in res.domains],
        values=[values for _, values in rows],
        low=low,
        high=high,
    )


# Distribution and trends ----------------------------------------------------------------


def distribution(res: WaveResults, group: GroupResult) -> SafeString:
    """How the group answered: the share of answers at each point of the scale, per domain."""
    labels = res.wave.survey.instrument.scale_labels or [str(v) for v in res.scale]
    return charts.distribution_chart(
        title=f"How people answered, {group.label}",
        description="Share of answers at each point of the scale, per domain, after reverse scoring.",
        rows=[
            charts.DistributionRow(label=d.label, shares=group.shares(d.key)) for d in res.domains
        ],
        labels=labels,
    )


def trend_lines(
    res: WaveResults, trend: Trend, group_key: str, *, label: str = ""
) -> SafeString | None:
    """The group's domain means across the trend's waves as lines; None with only one wave."""
    if len(trend.waves) < 2:
        return None
    low, high = scale_of(res)
    return trend_chart(trend, group_key, low=low, high=high, label=label)


def trend_domain_rows(trend: Trend, group_key: str) -> list[tuple[Domain, list[float | None]]]:
    """Each domain and the group's means across the trend's waves, for the page's table."""
    return [(d, trend.series.get((group_key, d.key), [])) for d in trend.domains]
