"""A closed wave's frozen result set: written once when it closes (`result_set_freeze`),
read by every page, the CSV export and the governor reports (`wave_results`).

The stored figures are those of shown groups only: a hidden group is a key and a label.
Nothing else about a wave's results is cached anywhere.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from ..models import Domain, ResultSet, Wave
from .freezing import compute
from .groups import ORG, GroupResult, ResultsNotReady, Score, WaveResults


def result_set_freeze(*, wave: Wave) -> ResultSet:
    """Work out a closed wave's results and keep them. Run again (a raised threshold), it
    keeps every group hidden before hidden, and every school whose comments were not
    shown unshown: the results only ever show less."""
    if wave.status != Wave.Status.CLOSED:
        raise ResultsNotReady("A wave's results are worked out when it closes.")
    with transaction.atomic():
        before = ResultSet.objects.select_for_update().filter(wave=wave).first()
        res = compute(
            wave,
            hidden_before=before.hidden if before else (),
            comment_schools_before=set(before.comment_school_ids) if before else None,
            pooled_before=before.comments_pooled if before else True,
        )
        hidden = sorted(
            {g.key for g in res.groups() if g.hidden} | set(before.hidden if before else ())
        )
        fields = {
            "hidden": hidden,
            "comment_school_ids": sorted(res.comment_school_ids),
            "comments_pooled": res.comments_pooled,
            "figures": _figures(res),
            "frozen_on": timezone.localdate(),
            "score_threshold": wave.score_threshold,
            "comment_threshold": wave.comment_threshold,
        }
        result_set, _ = ResultSet.objects.update_or_create(wave=wave, defaults=fields)
    return result_set


def wave_results(wave: Wave) -> WaveResults:
    """The closed wave's frozen results (one query, and one for its domains).
    ResultsNotReady while the wave is open, or before its results are worked out."""
    if wave.status != Wave.Status.CLOSED:
        raise ResultsNotReady("Results are shown once the survey has closed.")
    result_set = ResultSet.objects.filter(wave=wave).first()
    if result_set is None:
        raise ResultsNotReady("This wave's results are being worked out.")
    domains = list(
        Domain.objects.filter(instrument_id=wave.survey.instrument_id).order_by("position", "pk")
    )
    return results_from(result_set, wave=wave, domains=domains)


def results_from(result_set: ResultSet, *, wave: Wave, domains: list[Domain]) -> WaveResults:
    figures = result_set.figures
    hidden = set(result_set.hidden)
    groups = {key: _group(key, data, key in hidden) for key, data in figures["groups"].items()}
    schools = {int(sid): name for sid, name in figures["schools"]}
    return WaveResults(
        wave=wave,
        domains=domains,
        scale=list(figures["scale"]),
        organisation=groups[ORG],
        schools={sid: groups[key] for sid, key in figures["school_keys"]},
        roles={sid: [groups[key] for key in keys] for sid, keys in figures["role_keys"]},
        school_names=schools,
        comment_school_ids=set(result_set.comment_school_ids),
        norms=figures["norms"],
        metric_norm=figures["metric_norm"],
        comments_pooled=result_set.comments_pooled,
    )


def _figures(res: WaveResults) -> dict[str, Any]:
    return {
        "scale": res.scale,
        "schools": [[sid, name] for sid, name in res.school_names.items()],
        "school_keys": [[sid, g.key] for sid, g in res.schools.items()],
        "role_keys": [[sid, [g.key for g in rows]] for sid, rows in res.roles.items()],
        "norms": res.norms,
        "metric_norm": res.metric_norm,
        "groups": {g.key: _group_data(g) for g in res.groups()},
    }


def _group_data(group: GroupResult) -> dict[str, Any]:
    if group.hidden:
        return {"label": group.label}
    return {
        "label": group.label,
        "respondents": group.respondents,
        "respondents_invited": group.respondents_invited,
        "invited": group.invited,
        "scores": {k: [s.mean, s.favourable] for k, s in group.scores.items()},
        "distribution": group.distribution,
        "metric": group.metric,
    }


def _group(key: str, data: dict[str, Any], hidden: bool) -> GroupResult:
    if hidden or "respondents" not in data:
        return GroupResult(key=key, label=data["label"], respondents=0, invited=None, hidden=True)
    return GroupResult(
        key=key,
        label=data["label"],
        respondents=data["respondents"],
        respondents_invited=data["respondents_invited"],
        invited=data["invited"],
        hidden=False,
        scores={k: Score(mean=v[0], favourable=v[1]) for k, v in data["scores"].items()},
        distribution={k: list(v) for k, v in data["distribution"].items()},
        metric=data["metric"],
    )
