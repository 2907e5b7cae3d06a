"""Results of a wave, aggregated in the database and suppressed before anyone sees them.

The database counts the answers once per wave at the finest grain (school, role group,
domain, scored value), and every level of the group tree (organisation, school, role
group within a school) is summed from those rows; a wave's rows are cached until its
number of responses changes, and a closed wave's worked-out results and trend until a
threshold is raised. Every figure passes through `surveys.suppression.hidden_keys`: a
group's scores, distribution, count and response rate are shown only if its key is not
hidden.
Comments go through the same rule with the comment threshold, by school only.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.core.cache import cache
from django.db.models import Count, Sum
from django.utils.safestring import SafeString

from wellbeing_portal.people.models import School

from . import charts
from .models import (
    STAFF_ROLE_GROUPS,
    Answer,
    Comment,
    Domain,
    Invitation,
    Response,
    Survey,
    Wave,
)
from .suppression import Group, hidden_keys

ORG = "org"


def school_key(school_id: int) -> str:
    return f"school:{school_id}"


def role_key(school_id: int, role_group: str) -> str:
    return f"school:{school_id}/role:{role_group}"


@dataclass(frozen=True)
class Score:
    mean: float
    favourable: float  # share of answers at or above the instrument's favourable point


@dataclass
class GroupResult:
    key: str
    label: str
    respondents: int
    invited: int | None
    hidden: bool
    scores: dict[str, Score] = field(default_factory=dict)  # domain key → score
    # domain key → count of answers at each point of the scale, lowest first
    distribution: dict[str, list[int]] = field(default_factory=dict)
    metric: float | None = None

    @property
    def response_rate(self) -> float | None:
        if self.hidden or not self.invited:
            return None
        return min(1.0, self.respondents / self.invited)

    def score(self, domain_key: str) -> Score | None:
        return None if self.hidden else self.scores.get(domain_key)

    def mean(self, domain_key: str) -> float | None:
        score = self.score(domain_key)
        return score.mean if score else None

    def shares(self, domain_key: str) -> list[float] | None:
        counts = self.distribution.get(domain_key)
        if self.hidden or not counts or not sum(counts):
            return None
        total = sum(counts)
        return [c / total for c in counts]


@dataclass
class WaveResults:
    wave: Wave
    domains: list[Domain]
    scale: list[int]
    organisation: GroupResult
    schools: dict[int, GroupResult]
    roles: dict[int, list[GroupResult]]
    school_names: dict[int, str]
    comment_school_ids: set[int]
    norms: dict[str, float]
    metric_norm: float | None

    @property
    def headteacher_survey(self) -> bool:
        return self.wave.survey.kind == Survey.Kind.HEADTEACHER

    def any_hidden(self) -> bool:
        return any(g.hidden for g in self.schools.values()) or any(
            r.hidden for rows in self.roles.values() for r in rows
        )


@dataclass(frozen=True)
class DomainStat:
    domain_id: int
    n: int
    mean: float
    favourable: int  # answers at or above the favourable point


def _scores(stats: list[DomainStat], domain_keys: dict[int, str]) -> dict[str, Score]:
    return {
        domain_keys[s.domain_id]: Score(mean=s.mean, favourable=s.favourable / s.n) for s in stats
    }


# The finest grain: answers counted per wave, school, role group, domain and scored value.
# Every mean, share, distribution and count on a results page is a sum over these rows,
# so the answers table is read once per wave, and never again once the wave's responses
# stop changing (the cache key carries the number of responses).
Grain = tuple[int, int, str, int, int, int]  # wave, school, role group, domain, scored, n
GRAIN_CACHE_SECONDS = 60 * 60 * 24 * 7


def _response_counts(waves: list[Wave]) -> dict[int, int]:
    """Responses per wave. COUNT(*) rather than COUNT(id): the (wave, school, role group)
    index answers it alone, at half the time of reading every response row."""
    return dict(
        Response.objects.filter(wave__in=waves)
        .values_list("wave_id")
        .annotate(n=Count("*"))
        .order_by()
    )


# What is worked out from the grain is kept too, for closed waves only, under a key that
# carries each wave's number of responses and thresholds: their results then change only
# if a threshold is raised. (A school renamed meanwhile shows within ten minutes.)
RESULTS_CACHE_SECONDS = 10 * 60


def _closed_key(kind: str, waves: list[Wave], counts: dict[int, int], extra: str = "") -> str:
    """The cache key for results of closed waves, or '' if any wave is still open."""
    if any(w.status != Wave.Status.CLOSED for w in waves):
        return ""
    parts = [
        f"{w.pk}.{w.created_at.timestamp()}.{counts.get(w.pk, 0)}"
        f".{w.score_threshold}.{w.comment_threshold}"
        for w in waves
    ]
    digest = hashlib.sha256("|".join([*parts, extra]).encode()).hexdigest()
    return f"surveys:{kind}:v1:{digest}"


def _grain(waves: list[Wave], counts: dict[int, int] | None = None) -> list[Grain]:
    if counts is None:
        counts = _response_counts(waves)
    rows: list[Grain] = []
    missing = []
    keys = {}
    for wave in waves:
        keys[wave.pk] = (
            f"surveys:grain:v1:{wave.pk}:{wave.created_at.timestamp()}:{counts.get(wave.pk, 0)}"
        )
        cached = cache.get(keys[wave.pk])
        if cached is None:
            missing.append(wave.pk)
        else:
            rows.extend(cached)
    if missing:
        fresh: dict[int, list[Grain]] = {pk: [] for pk in missing}
        for row in (
            Answer.objects.filter(response__wave_id__in=missing)
            .values_list(
                "response__wave_id",
                "response__school_id",
                "response__role_group",
                "item__domain_id",
                "scored",
            )
            .annotate(n=Count("id"))
            .order_by()
        ):
            fresh[row[0]].append(row)
        for pk, wave_rows in fresh.items():
            cache.set(keys[pk], wave_rows, GRAIN_CACHE_SECONDS)
            rows.extend(wave_rows)
    return rows


def _stats(rows: list[Grain], favourable_from: int) -> list[DomainStat]:
    """Per domain: how many answers, their mean and how many were favourable."""
    n: dict[int, int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    fav: dict[int, int] = defaultdict(int)
    for _, _, _, domain_id, scored, count in rows:
        n[domain_id] += count
        total[domain_id] += scored * count
        if scored >= favourable_from:
            fav[domain_id] += count
    return [DomainStat(d, n[d], total[d] / n[d], fav[d]) for d in n if n[d]]


def wave_results(wave: Wave) -> WaveResults:
    """Every group's aggregates for one wave, with suppression applied (a fixed number of
    queries, however many schools, role groups and respondents)."""
    counts = _response_counts([wave])
    key = _closed_key("results", [wave], counts)
    cached: WaveResults | None = cache.get(key) if key else None
    if cached is not None:
        return replace(cached, wave=wave)
    results = _wave_results(wave, counts)
    if key:
        cache.set(key, results, RESULTS_CACHE_SECONDS)
    return results


def _wave_results(wave: Wave, response_counts: dict[int, int]) -> WaveResults:
    instrument = wave.survey.instrument
    domains = list(Domain.objects.filter(instrument=instrument).order_by("position", "pk"))
    domain_keys = {d.pk: d.key for d in domains}
    scale = list(range(instrument.scale_min, instrument.scale_max + 1))
    schools = {s.pk: s.name for s in School.objects.filter(survey_waves=wave).order_by("name")}
    grain = _grain([wave], response_counts)
    favourable_from = instrument.favourable_from
    org_rows = _stats(grain, favourable_from)
    grain_by_school: dict[int, list[Grain]] = defaultdict(list)
    grain_by_role: dict[tuple[int, str], list[Grain]] = defaultdict(list)
    for cell in grain:
        grain_by_school[cell[1]].append(cell)
        grain_by_role[(cell[1], cell[2])].append(cell)
    counts = list(
        Response.objects.filter(wave=wave)
        .values("school_id", "role_group")
        .annotate(n=Count("id"), metric_sum=Sum("metric_score"), metric_n=Count("metric_score"))
        .order_by()
    )
    invited = dict(
        Invitation.objects.filter(wave=wave)
        .values_list("school_id")
        .annotate(n=Count("id"))
        .order_by()
    )

    # Respondent counts per group, from the database's counts at the finest grain.
    role_counts: dict[int, dict[str, int]] = defaultdict(dict)
    metric: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for row in counts:
        role_counts[row["school_id"]][row["role_group"]] = row["n"]
        if row["metric_n"]:
            for key in (
                ORG,
                school_key(row["school_id"]),
                role_key(row["school_id"], row["role_group"]),
            ):
                metric[key][0] += row["metric_sum"]
                metric[key][1] += row["metric_n"]
    school_counts = {sid: sum(groups.values()) for sid, groups in role_counts.items()}
    total = sum(school_counts.values())

    headteacher = wave.survey.kind == Survey.Kind.HEADTEACHER
    tree = [Group(key=ORG, parent=None, count=total)]
    if not headteacher:
        for sid in schools:
            tree.append(Group(key=school_key(sid), parent=ORG, count=school_counts.get(sid, 0)))
            for rg in STAFF_ROLE_GROUPS:
                tree.append(
                    Group(
                        key=role_key(sid, rg.value),
                        parent=school_key(sid),
                        count=role_counts.get(sid, {}).get(rg.value, 0),
                    )
                )
    hidden = hidden_keys(tree, threshold=wave.score_threshold)
    comment_tree = [g for g in tree if "/role:" not in g.key]
    comments_hidden = hidden_keys(comment_tree, threshold=wave.comment_threshold)

    def metric_of(key: str) -> float | None:
        value, n = metric.get(key, (0.0, 0))
        return value / n if n else None

    org = GroupResult(
        key=ORG,
        label=wave.organisation.name if not headteacher else "All headteachers",
        respondents=total,
        invited=sum(invited.values()) or None,
        hidden=ORG in hidden,
        scores=_scores(org_rows, domain_keys),
        metric=metric_of(ORG),
    )
    by_school = {sid: _stats(rows, favourable_from) for sid, rows in grain_by_school.items()}
    by_role = {key: _stats(rows, favourable_from) for key, rows in grain_by_role.items()}

    school_results: dict[int, GroupResult] = {}
    role_results: dict[int, list[GroupResult]] = {}
    if not headteacher:
        for sid, name in schools.items():
            school_results[sid] = GroupResult(
                key=school_key(sid),
                label=name,
                respondents=school_counts.get(sid, 0),
                invited=invited.get(sid),
                hidden=school_key(sid) in hidden,
                scores=_scores(by_school.get(sid, []), domain_keys),
                metric=metric_of(school_key(sid)),
            )
            role_results[sid] = [
                GroupResult(
                    key=role_key(sid, rg.value),
                    label=rg.label,
                    respondents=role_counts.get(sid, {}).get(rg.value, 0),
                    invited=None,
                    hidden=role_key(sid, rg.value) in hidden,
                    scores=_scores(by_role.get((sid, rg.value), []), domain_keys),
                    metric=metric_of(role_key(sid, rg.value)),
                )
                for rg in STAFF_ROLE_GROUPS
            ]
    # Distributions: counts per scale point at the finest grain, added up the tree.
    groups_by_key = {ORG: org}
    groups_by_key.update({g.key: g for g in school_results.values()})
    groups_by_key.update({g.key: g for rows in role_results.values() for g in rows})
    for _, sid, group_name, domain_id, scored, n in grain:
        dkey = domain_keys[domain_id]
        for key in (ORG, school_key(sid), role_key(sid, group_name)):
            group = groups_by_key.get(key)
            if group is None:
                continue
            counts_for = group.distribution.setdefault(dkey, [0] * len(scale))
            counts_for[scored - instrument.scale_min] += n

    norms = instrument.norms or {}
    domain_norms = {k: float(v) for k, v in (norms.get("domains") or {}).items()}
    return WaveResults(
        wave=wave,
        domains=domains,
        scale=scale,
        organisation=org,
        schools=school_results,
        roles=role_results,
        school_names=schools,
        comment_school_ids={
            sid
            for sid in schools
            if school_key(sid) not in comments_hidden and school_counts.get(sid, 0)
        },
        norms=domain_norms,
        metric_norm=float(norms["metric"]) if norms.get("metric") is not None else None,
    )


def comments_for(*, results: WaveResults, school_id: int) -> list[Comment]:
    """A school's comments, only if the school is shown at the comment threshold."""
    if school_id not in results.comment_school_ids:
        return []
    return list(
        Comment.objects.filter(response__wave=results.wave, response__school_id=school_id)
        .prefetch_related("replies")
        .order_by("pk")
    )


def comments_for_lead(*, results: WaveResults) -> list[Comment]:
    """Every school's comments where the school is shown at the comment threshold, for
    the wellbeing lead to redact before publishing."""
    return list(
        Comment.objects.filter(
            response__wave=results.wave, response__school_id__in=results.comment_school_ids
        )
        .select_related("response__school")
        .order_by("response__school__name", "pk")
    )


# Trends ---------------------------------------------------------------------------------


@dataclass
class Trend:
    waves: list[Wave]
    domains: list[Domain]
    # (group key, domain key) → mean per wave (None where hidden or no answers)
    series: dict[tuple[str, str], list[float | None]]


def trend_values(trend: Trend, key: str) -> list[tuple[str, list[float | None]]]:
    """Each domain's means across the trend's waves for one group; a domain with no
    answers in any wave is a row of gaps."""
    return [
        (d.label, trend.series.get((key, d.key)) or [None] * len(trend.waves))
        for d in trend.domains
    ]


def trend_chart(trend: Trend, key: str, *, low: float, high: float, label: str = "") -> SafeString:
    """The line chart of `trend_values`, for the results pages and the governor reports."""
    return charts.line_chart(
        title="Domain scores over waves" + (f", {label}" if label else ""),
        description="Mean score per domain in each wave; gaps are results not shown.",
        x_labels=[w.title for w in trend.waves],
        series=[
            charts.Series(label=name, values=values) for name, values in trend_values(trend, key)
        ],
        min_value=low,
        max_value=high,
    )


def trend_for(*, wave: Wave, school_id: int | None = None, limit: int = 6) -> Trend:
    """Domain means across the last waves of the same survey for the organisation (and one
    school), each wave suppressed by its own tree, from the waves' cached grains: a fixed
    number of queries whatever the waves."""
    earlier = list(
        Wave.objects.filter(
            organisation_id=wave.organisation_id,
            survey_id=wave.survey_id,
            opens_on__lte=wave.opens_on,
            # Earlier waves only once closed and published: a trend must not show staff
            # or governors a wave the lead has not published yet.
            status=Wave.Status.CLOSED,
            results_published=True,
        )
        .exclude(pk=wave.pk)
        .order_by("-opens_on", "-pk")[: limit - 1]
    )
    waves = [*reversed(earlier), wave]
    response_counts = _response_counts(waves)
    key = _closed_key("trend", waves, response_counts, extra=str(school_id))
    cached: Trend | None = cache.get(key) if key else None
    if cached is not None:
        return replace(cached, waves=waves)
    trend = _trend(waves, response_counts, school_id)
    if key:
        cache.set(key, trend, RESULTS_CACHE_SECONDS)
    return trend


def _trend(waves: list[Wave], response_counts: dict[int, int], school_id: int | None) -> Trend:
    wave = waves[-1]
    domains = list(
        Domain.objects.filter(instrument_id=wave.survey.instrument_id).order_by("position", "pk")
    )
    domain_keys = {d.pk: d.key for d in domains}
    wave_ids = [w.pk for w in waves]
    index = {pk: i for i, pk in enumerate(wave_ids)}
    grain_by_wave: dict[int, list[Grain]] = defaultdict(list)
    for cell in _grain(waves, response_counts):
        grain_by_wave[cell[0]].append(cell)
    counts = (
        Response.objects.filter(wave_id__in=wave_ids)
        .values("wave_id", "school_id", "role_group")
        .annotate(n=Count("id"))
        .order_by()
    )
    wave_schools: dict[int, set[int]] = defaultdict(set)
    for wave_id, sid in Wave.schools.through.objects.filter(wave_id__in=wave_ids).values_list(
        "wave_id", "school_id"
    ):
        wave_schools[wave_id].add(sid)
    per_wave: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for row in counts:
        per_wave[row["wave_id"]][row["school_id"]][row["role_group"]] = row["n"]
    hidden_by_wave = {}
    headteacher = wave.survey.kind == Survey.Kind.HEADTEACHER
    for w in waves:
        schools = per_wave[w.pk]
        tree = [Group(key=ORG, parent=None, count=sum(sum(g.values()) for g in schools.values()))]
        if not headteacher:
            for sid in wave_schools[w.pk]:
                tree.append(
                    Group(key=school_key(sid), parent=ORG, count=sum(schools.get(sid, {}).values()))
                )
                for rg in STAFF_ROLE_GROUPS:
                    tree.append(
                        Group(
                            key=role_key(sid, rg.value),
                            parent=school_key(sid),
                            count=schools.get(sid, {}).get(rg.value, 0),
                        )
                    )
        hidden_by_wave[w.pk] = hidden_keys(tree, threshold=w.score_threshold)
    series: dict[tuple[str, str], list[float | None]] = {}
    groups: list[tuple[str, int | None]] = [(ORG, None)]
    if school_id is not None:
        groups.append((school_key(school_id), school_id))
    for key, only_school in groups:
        for d in domains:
            series[(key, d.key)] = [None] * len(waves)
        for wave_id, rows in grain_by_wave.items():
            if key in hidden_by_wave[wave_id]:
                continue
            chosen = rows if only_school is None else [r for r in rows if r[1] == only_school]
            for stat in _stats(chosen, favourable_from=0):
                series[(key, domain_keys[stat.domain_id])][index[wave_id]] = stat.mean
    return Trend(waves=waves, domains=domains, series=series)


# Export -----------------------------------------------------------------------------------


def results_csv(results: WaveResults, *, school_ids: set[int] | None = None) -> str:
    """The aggregates as CSV, with the same suppression as the page: a hidden group's
    count, rate and scores are written as 'suppressed'."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "group",
            "school",
            "role_group",
            "domain",
            "respondents",
            "response_rate",
            "mean",
            "percent_favourable",
        ]
    )

    def write(level: str, school: str, role: str, group: GroupResult) -> None:
        for domain in results.domains:
            if group.hidden:
                writer.writerow(
                    [
                        level,
                        school,
                        role,
                        domain.label,
                        "suppressed",
                        "suppressed",
                        "suppressed",
                        "suppressed",
                    ]
                )
                continue
            score = group.scores.get(domain.key)
            rate = group.response_rate
            writer.writerow(
                [
                    level,
                    school,
                    role,
                    domain.label,
                    group.respondents,
                    f"{rate:.0%}" if rate is not None else "",
                    f"{score.mean:.2f}" if score else "",
                    f"{score.favourable:.0%}" if score else "",
                ]
            )

    if school_ids is None:
        write("organisation", "", "", results.organisation)
    for sid, group in results.schools.items():
        if school_ids is not None and sid not in school_ids:
            continue
        write("school", group.label, "", group)
        for role in results.roles.get(sid, []):
            write("role group", group.label, role.label, role)
    return out.getvalue()
