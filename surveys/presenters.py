"""What a wave's results look like on a page or in a report: the charts and the table
rows beside them, made from its frozen results (`results.WaveResults`, its groups and a
`results.Trend`). The results pages and the governor report's survey section both draw
from here, so a figure is shown the same way wherever it appears.

Nothing here reads the database or decides who may see what: the caller passes results
the user may read, and every hidden group's figures are already gone from them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.utils.safestring import SafeString

from . import charts
from .models import Domain
from .results import ORG, GroupResult, Score, Trend, WaveResults, trend_values

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
    res: WaveResults, group: GroupResult, *, against: Against, name: str = "", screen: bool = False
) -> SafeString:
    """The group's domain scores as bars, marked with `against`. `name`, when given, is
    the place named in the title and description (a school's name as it is now);
    otherwise the title names the group as its results were frozen. `screen`: drawn for
    a page (labels above the bars, narrow enough for a phone, at its actual size)."""
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
        stacked=screen,
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


TRUST_AVERAGE = "Trust average"


def near_band(res: WaveResults) -> float:
    """How close to the trust average counts as near it: a fortieth of the answer scale
    (0.1 on a scale of 1 to 5)."""
    low, high = scale_of(res)
    return round((high - low) / 40, 2)


def heatmap_against(res: WaveResults) -> charts.Against | None:
    """What the heatmap colours each school's cell against: the trust's mean on the
    domain. None when the trust's own results are hidden (nothing to compare with)."""
    if res.organisation.hidden:
        return None
    centres = [res.organisation.mean(d.key) for d in res.domains]
    return charts.Against(centres=centres, near=near_band(res))


@dataclass(frozen=True)
class HeatCell:
    """One school's score on one domain in the table beside the heatmap, and where it
    stands against the trust average (None: not shown, or nothing to compare with)."""

    score: Score | None
    standing: charts.Standing | None

    @property
    def mean(self) -> float | None:
        return self.score.mean if self.score else None


def school_score_rows(res: WaveResults) -> list[tuple[GroupResult, list[HeatCell]]]:
    """Each school and its score on every domain, with where it stands against the trust
    average as the heatmap colours it, for the table beside the heatmap."""
    against = heatmap_against(res)
    rows = []
    for group in res.schools.values():
        cells = []
        for column, domain in enumerate(res.domains):
            score = group.score(domain.key)
            where = against.standing(score.mean if score else None, column) if against else None
            cells.append(HeatCell(score=score, standing=where))
        rows.append((group, cells))
    return rows


def heatmap_rows(res: WaveResults) -> list[tuple[str, list[float | None]]]:
    """The heatmap's rows: the trust average first (what each cell is coloured
    against, when it is shown), then each school's means."""
    against = heatmap_against(res)
    trust = [(TRUST_AVERAGE, list(against.centres))] if against else []
    return [*trust, *heatmap_means(res)]


def schools_heatmap(
    res: WaveResults, *, hidden_as: str = "suppressed", screen: bool = False
) -> SafeString | None:
    """Schools by domains, each cell coloured against the trust average (shaded by mean
    score when the trust's own results are hidden), under a first row with the trust
    average itself; None when the wave has no schools. `hidden_as` is how the
    description names an empty cell ("suppressed" on the pages; the governor report says
    "not shown"). `screen`: drawn at its actual size, for a page."""
    if not res.schools:
        return None
    rows = heatmap_rows(res)
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
        against=heatmap_against(res),
        actual_size=screen,
    )


# Distribution and trends ----------------------------------------------------------------


def distribution(res: WaveResults, group: GroupResult, *, screen: bool = False) -> SafeString:
    """How the group answered: the share of answers at each point of the scale, per
    domain. `screen`: drawn for a page (labels above the bars, narrow enough for a phone,
    at its actual size)."""
    labels = res.wave.survey.instrument.scale_labels or [str(v) for v in res.scale]
    return charts.distribution_chart(
        title=f"How people answered, {group.label}",
        description="Share of answers at each point of the scale, per domain, after reverse scoring.",
        rows=[
            charts.DistributionRow(label=d.label, shares=group.shares(d.key)) for d in res.domains
        ],
        labels=labels,
        stacked=screen,
    )


def trend_lines(
    res: WaveResults, trend: Trend, group_key: str, *, label: str = "", screen: bool = False
) -> SafeString | None:
    """The group's domain means across the trend's waves as lines; None with only one
    wave. `screen`: drawn at its actual size, for a page (which scrolls it on a phone)."""
    if len(trend.waves) < 2:
        return None
    low, high = scale_of(res)
    return charts.line_chart(
        title="Domain scores over waves" + (f", {label}" if label else ""),
        description="Mean score per domain in each wave; gaps are results not shown.",
        x_labels=[w.title for w in trend.waves],
        series=[charts.Series(name, values) for name, values in trend_values(trend, group_key)],
        min_value=low,
        max_value=high,
        actual_size=screen,
    )


def trend_domain_rows(trend: Trend, group_key: str) -> list[tuple[Domain, list[float | None]]]:
    """Each domain and the group's means across the trend's waves, for the page's table."""
    return [(d, trend.series.get((group_key, d.key), [])) for d in trend.domains]


# Highlights ---------------------------------------------------------------------------

_HUNDREDTH = Decimal("0.01")


def _as_shown(value: float) -> Decimal:
    """A mean as the pages write it (two decimals, half up), so that a change agrees
    with the two figures beside it in the table."""
    return Decimal(repr(value)).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Change:
    """A domain's mean now and in the previous wave, both as shown."""

    label: str
    now: Decimal
    before: Decimal

    @property
    def difference(self) -> Decimal:
        return self.now - self.before

    @property
    def direction(self) -> Literal["up", "down"]:
        return "up" if self.difference > 0 else "down"

    @property
    def size(self) -> str:
        return f"{abs(self.difference):.2f}"


@dataclass(frozen=True)
class Strength:
    """One of the group's highest-scoring domains, and the trust's mean on it (for a
    school, when shown)."""

    label: str
    mean: Decimal
    trust: Decimal | None


@dataclass(frozen=True)
class Highlights:
    """What the top of a results page points out. `previous` is the previous wave's
    title (None: this is the survey's first wave with results shown); `compared` counts
    the domains shown in both waves."""

    previous: str | None
    out_of: str  # the top of the answer scale, as "5"
    compared: int
    changes: list[Change]
    strengths: list[Strength]


MOST_CHANGES = 3
MOST_STRENGTHS = 3


def biggest_changes(
    res: WaveResults, group: GroupResult, trend: Trend, group_key: str
) -> tuple[int, list[Change]]:
    """How many domains the group has a shown mean on in both this wave and the last,
    and the (up to three) that moved most, largest first; a domain that did not move
    (as shown) is not a change."""
    changes = []
    compared = 0
    for domain in res.domains:
        now, before = group.mean(domain.key), previous_mean(trend, group_key, domain.key)
        if now is None or before is None:
            continue
        compared += 1
        change = Change(label=domain.label, now=_as_shown(now), before=_as_shown(before))
        if change.difference:
            changes.append(change)
    changes.sort(key=lambda change: abs(change.difference), reverse=True)
    return compared, changes[:MOST_CHANGES]


def strengths(res: WaveResults, group: GroupResult, *, with_trust: bool) -> list[Strength]:
    """The group's highest-scoring domains, highest first (ties in the instrument's
    order): three, or fewer when it has few domains shown, so that a strength always
    stands out from at least as many others."""
    shown = [(d, mean) for d in res.domains if (mean := group.mean(d.key)) is not None]
    shown.sort(key=lambda pair: _as_shown(pair[1]), reverse=True)
    limit = min(MOST_STRENGTHS, len(shown) // 2)
    result = []
    for domain, mean in shown[:limit]:
        trust = res.organisation.mean(domain.key) if with_trust else None
        result.append(
            Strength(
                label=domain.label,
                mean=_as_shown(mean),
                trust=None if trust is None else _as_shown(trust),
            )
        )
    return result


def highlights(
    res: WaveResults, group: GroupResult, trend: Trend, group_key: str, *, with_trust: bool
) -> Highlights | None:
    """The biggest changes since the previous wave and the strengths, only from figures
    the page shows; None when the group's results are hidden (nothing to point out)."""
    if group.hidden:
        return None
    previous = trend.waves[-2].title if len(trend.waves) > 1 else None
    compared, changes = biggest_changes(res, group, trend, group_key)
    return Highlights(
        previous=previous,
        out_of=f"{scale_of(res)[1]:g}",
        compared=compared,
        changes=changes,
        strengths=strengths(res, group, with_trust=with_trust),
    )
