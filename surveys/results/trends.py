"""Domain means across a survey's waves, each wave read from its own frozen result set."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models.fields.json import KeyTransform

from ..models import Domain, ResultSet, Wave
from .groups import ORG, ResultsNotReady, school_key


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


def trend_for(*, wave: Wave, school_id: int | None = None, limit: int = 6) -> Trend:
    """Domain means across the last closed waves of the same survey for the organisation
    (and one school), each as its own frozen result set shows them: three queries
    whatever the waves. Earlier waves count only once published, so a trend never shows
    staff or governors a wave the lead has not published."""
    if wave.status != Wave.Status.CLOSED:
        raise ResultsNotReady("Results are shown once the survey has closed.")
    earlier = list(
        Wave.objects.filter(
            organisation_id=wave.organisation_id,
            survey_id=wave.survey_id,
            opens_on__lte=wave.opens_on,
            status=Wave.Status.CLOSED,
            results_published=True,
        )
        .exclude(pk=wave.pk)
        .order_by("-opens_on", "-pk")[: limit - 1]
    )
    waves = [*reversed(earlier), wave]
    domains = list(
        Domain.objects.filter(instrument_id=wave.survey.instrument_id).order_by("position", "pk")
    )
    keys = [ORG] if school_id is None else [ORG, school_key(school_id)]
    # Only the groups drawn, read out of each result set by the database: a result set
    # holds every group of the wave (hundreds of schools), and a trend draws one or two.
    groups = {
        f"g{i}": KeyTransform(key, KeyTransform("groups", "figures")) for i, key in enumerate(keys)
    }
    rows = {
        row["wave_id"]: row
        for row in ResultSet.objects.filter(wave__in=waves)
        .annotate(**groups)
        .values("wave_id", "hidden", *groups)
    }
    series: dict[tuple[str, str], list[float | None]] = {
        (key, d.key): [None] * len(waves) for key in keys for d in domains
    }
    for index, w in enumerate(waves):
        row = rows.get(w.pk)
        if row is None:
            continue
        for i, key in enumerate(keys):
            data = row[f"g{i}"]
            if not data or key in row["hidden"] or "scores" not in data:
                continue
            for d in domains:
                score = data["scores"].get(d.key)
                series[(key, d.key)][index] = score[0] if score else None
    return Trend(waves=waves, domains=domains, series=series)
