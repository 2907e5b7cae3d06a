"""Working out a closed wave's results from its stored answers, once, and keeping them.

This is the only module that reads answers and responses to show anything. It runs when
a wave closes (and again when a threshold is raised), never while a page is served:
every page, export, report and cache reads the ResultSet it writes (`frozen.py`).

Rules, beyond the suppression module's:
- Only answers from distinct invited people make a school or role group big enough to
  show: a group with fewer than the threshold of them is hidden whatever the open link
  added (open-link answers count at the organisation level, where anyone may answer).
  Comments follow the same rule at the comment threshold.
- A group hidden in an earlier result set stays hidden, and a school whose comments were
  not shown stays so: a raised threshold or a second freeze may only hide more.
- Headteacher-survey figures and comments exist only pooled across heads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, Sum

from wellbeing_portal.people.models import School

from ..models import STAFF_ROLE_GROUPS, Answer, Domain, Invitation, Response, Survey, Wave
from ..suppression import Group, hidden_keys
from .groups import ORG, GroupResult, Score, WaveResults, role_key, school_key

Cell = tuple[int, str, int, int, int]  # school, role group, domain, scored value, answers


def compute(
    wave: Wave,
    *,
    hidden_before: Iterable[str] = (),
    comment_schools_before: set[int] | None = None,
    pooled_before: bool = True,
) -> WaveResults:
    """Every group's figures for a closed wave, with suppression applied and the figures
    of hidden groups removed (a fixed number of queries whatever its size)."""
    instrument = wave.survey.instrument
    domains = list(Domain.objects.filter(instrument=instrument).order_by("position", "pk"))
    domain_keys = {d.pk: d.key for d in domains}
    schools = {s.pk: s.name for s in School.objects.filter(survey_waves=wave).order_by("name")}
    cells, counts, invited = _tallies(wave)
    headteacher = wave.survey.kind == Survey.Kind.HEADTEACHER
    totals = _Totals.of(counts, headteacher)
    groups = _groups(
        wave, schools, totals, invited, cells, domain_keys, instrument.favourable_from, headteacher
    )
    scale = list(range(instrument.scale_min, instrument.scale_max + 1))
    _add_distributions(groups, cells, domain_keys, scale[0], len(scale))

    tree = _tree(schools, totals, headteacher)
    hidden = hidden_keys(
        tree,
        threshold=wave.score_threshold,
        always_hidden={*hidden_before, *totals.too_few_invited(wave.score_threshold)},
    )
    comments_hidden, comment_schools = _comment_groups(
        wave, tree, totals, schools, comment_schools_before
    )
    shown = {key: (g if key not in hidden else g.without_figures()) for key, g in groups.items()}
    norms = instrument.norms or {}
    return WaveResults(
        wave=wave,
        domains=domains,
        scale=scale,
        organisation=shown[ORG],
        schools={} if headteacher else {sid: shown[school_key(sid)] for sid in schools},
        roles={}
        if headteacher
        else {sid: [shown[role_key(sid, rg.value)] for rg in STAFF_ROLE_GROUPS] for sid in schools},
        school_names=schools,
        comment_school_ids=set() if headteacher else comment_schools,
        norms={k: float(v) for k, v in (norms.get("domains") or {}).items()},
        metric_norm=float(norms["metric"]) if norms.get("metric") is not None else None,
        comments_pooled=headteacher
        and pooled_before
        and ORG not in comments_hidden
        and totals.of_key(ORG)[0] > 0,
    )


def _tallies(wave: Wave) -> tuple[list[Cell], list[dict[str, Any]], dict[int, int]]:
    """What the database counts of a wave's answers: answers per school, role group,
    domain and scored value; responses (all and invited) and metric sums per school and
    role group; invitations per school."""
    cells: list[Cell] = list(
        Answer.objects.filter(response__wave=wave)
        .values_list("response__school_id", "response__role_group", "item__domain_id", "scored")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = list(
        Response.objects.filter(wave=wave)
        .values("school_id", "role_group")
        .annotate(
            n=Count("id"),
            n_invited=Count("id", filter=Q(invited=True)),
            metric_sum=Sum("metric_score"),
            metric_n=Count("metric_score"),
        )
        .order_by()
    )
    invited = dict(
        Invitation.objects.filter(wave=wave)
        .values_list("school_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return cells, counts, invited


def _comment_groups(
    wave: Wave,
    tree: list[Group],
    totals: _Totals,
    schools: dict[int, str],
    comment_schools_before: set[int] | None,
) -> tuple[frozenset[str], set[int]]:
    """The groups whose comments are hidden, and the schools whose comments are shown
    (never one whose comments an earlier result set did not show)."""
    comment_tree = [g for g in tree if "/role:" not in g.key]
    comments_hidden = hidden_keys(
        comment_tree,
        threshold=wave.comment_threshold,
        always_hidden=totals.too_few_invited(wave.comment_threshold),
    )
    comment_schools = {
        sid
        for sid in schools
        if school_key(sid) not in comments_hidden and totals.of_key(school_key(sid))[0]
    }
    if comment_schools_before is not None:
        comment_schools &= comment_schools_before
    return comments_hidden, comment_schools


class _Totals:
    """Respondents (all, and invited only) and metric sums per group key."""

    def __init__(self) -> None:
        self.n: dict[str, int] = defaultdict(int)
        self.invited: dict[str, int] = defaultdict(int)
        self.metric: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])

    @classmethod
    def of(cls, counts: list[dict[str, Any]], headteacher: bool) -> _Totals:
        """From the database's counts per school and role group."""
        totals = cls()
        for row in counts:
            sid, rg = row["school_id"], row["role_group"]
            keys = [ORG] if headteacher else [ORG, school_key(sid), role_key(sid, rg)]
            for key in keys:
                totals.n[key] += row["n"]
                totals.invited[key] += row["n_invited"]
                if row["metric_n"]:
                    totals.metric[key][0] += row["metric_sum"]
                    totals.metric[key][1] += row["metric_n"]
        return totals

    def of_key(self, key: str) -> tuple[int, int]:
        return self.n.get(key, 0), self.invited.get(key, 0)

    def metric_of(self, key: str) -> float | None:
        value, n = self.metric.get(key, (0.0, 0))
        return value / n if n else None

    def too_few_invited(self, threshold: int) -> set[str]:
        """Schools and role groups whose invited answers alone fall short of the threshold
        (the organisation counts every answer)."""
        return {key for key in self.n if key != ORG and self.invited.get(key, 0) < threshold}


def _tree(schools: dict[int, str], totals: _Totals, headteacher: bool) -> list[Group]:
    tree = [Group(key=ORG, parent=None, count=totals.of_key(ORG)[0])]
    if headteacher:
        return tree
    for sid in schools:
        tree.append(Group(key=school_key(sid), parent=ORG, count=totals.of_key(school_key(sid))[0]))
        for rg in STAFF_ROLE_GROUPS:
            key = role_key(sid, rg.value)
            tree.append(Group(key=key, parent=school_key(sid), count=totals.of_key(key)[0]))
    return tree


def _stats(
    cells: list[Cell], favourable_from: int, domain_keys: dict[int, str]
) -> dict[str, Score]:
    n: dict[int, int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    fav: dict[int, int] = defaultdict(int)
    for _, _, domain_id, scored, count in cells:
        n[domain_id] += count
        total[domain_id] += scored * count
        if scored >= favourable_from:
            fav[domain_id] += count
    return {
        domain_keys[d]: Score(mean=total[d] / n[d], favourable=fav[d] / n[d]) for d in n if n[d]
    }


def _groups(
    wave: Wave,
    schools: dict[int, str],
    totals: _Totals,
    invited: dict[int, int],
    cells: list[Cell],
    domain_keys: dict[int, str],
    favourable_from: int,
    headteacher: bool,
) -> dict[str, GroupResult]:
    """Every group with its figures, before anything is hidden."""
    by_key: dict[str, list[Cell]] = defaultdict(list)
    for cell in cells:
        by_key[ORG].append(cell)
        by_key[school_key(cell[0])].append(cell)
        by_key[role_key(cell[0], cell[1])].append(cell)

    def group(key: str, label: str, invited_n: int | None) -> GroupResult:
        n, n_invited = totals.of_key(key)
        return GroupResult(
            key=key,
            label=label,
            respondents=n,
            respondents_invited=n_invited,
            invited=invited_n,
            hidden=False,
            scores=_stats(by_key.get(key, []), favourable_from, domain_keys),
            metric=totals.metric_of(key),
        )

    groups = {
        ORG: group(
            ORG,
            "All headteachers" if headteacher else wave.organisation.name,
            sum(invited.values()) or None,
        )
    }
    if headteacher:
        return groups
    for sid, name in schools.items():
        groups[school_key(sid)] = group(school_key(sid), name, invited.get(sid))
        for rg in STAFF_ROLE_GROUPS:
            groups[role_key(sid, rg.value)] = group(role_key(sid, rg.value), rg.label, None)
    return groups


def _add_distributions(
    groups: dict[str, GroupResult],
    cells: list[Cell],
    domain_keys: dict[int, str],
    scale_min: int,
    points: int,
) -> None:
    """Counts per scale point, added up the tree from the finest cells."""
    for sid, role_group, domain_id, scored, n in cells:
        for key in (ORG, school_key(sid), role_key(sid, role_group)):
            group = groups.get(key)
            if group is not None:
                counts = group.distribution.setdefault(domain_keys[domain_id], [0] * points)
                counts[scored - scale_min] += n
