"""The highlights at the top of a results page (biggest changes since the last wave,
strengths) and the heatmap's standing against the trust average: made only from the
figures the page shows, so a hidden group's figures never appear in them.

Built from results made by hand (no database): each case sets exactly the figures the
rule is about."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, cast

import pytest

from surveys import charts, presenters
from surveys.results import ORG, GroupResult, Score, Trend, WaveResults, school_key

G, TEXT = "{http://www.w3.org/2000/svg}g", "{http://www.w3.org/2000/svg}text"
DOMAINS = ["health", "security", "purpose", "voice", "workload"]


def _domains() -> list[Any]:
    return [SimpleNamespace(key=key, label=key.title()) for key in DOMAINS]


def _group(key: str, means: dict[str, float] | None) -> GroupResult:
    """A shown group with these means, or (None) a hidden one, with no figures at all."""
    if means is None:
        return GroupResult(key=key, label=key, respondents=0, invited=None, hidden=True)
    scores = {domain: Score(mean=mean, favourable=0.5) for domain, mean in means.items()}
    return GroupResult(key=key, label=key, respondents=9, invited=10, hidden=False, scores=scores)


def _results(org: dict[str, float] | None, schools: dict[int, dict[str, float] | None]) -> Any:
    instrument = SimpleNamespace(scale_min=1, scale_max=5, scale_labels=[])
    wave = SimpleNamespace(survey=SimpleNamespace(instrument=instrument, kind="staff"))
    return WaveResults(
        wave=cast(Any, wave),
        domains=_domains(),
        scale=[1, 2, 3, 4, 5],
        organisation=_group(ORG, org),
        schools={pk: _group(school_key(pk), means) for pk, means in schools.items()},
        roles={},
        school_names={pk: f"School {pk}" for pk in schools},
        comment_school_ids=set(),
        norms={},
        metric_norm=None,
    )


def _trend(series: dict[tuple[str, str], list[float | None]], waves: int = 2) -> Trend:
    titles = [SimpleNamespace(title=f"Wave {n}") for n in range(1, waves + 1)]
    return Trend(waves=cast(Any, titles), domains=_domains(), series=series)


def _series(
    key: str, before: Mapping[str, float | None], now: Mapping[str, float]
) -> dict[Any, Any]:
    return {(key, d): [before.get(d), now.get(d)] for d in DOMAINS}


NOW = {"health": 3.0, "security": 3.9, "purpose": 4.2, "voice": 3.5, "workload": 2.6}
BEFORE = {"health": 3.4, "security": 3.85, "purpose": 3.7, "voice": 3.5, "workload": 2.5}


def test_the_biggest_changes_are_the_largest_moves_as_shown_largest_first() -> None:
    res = _results(NOW, {})
    trend = _trend(_series(ORG, dict(BEFORE), NOW))
    found = presenters.highlights(res, res.organisation, trend, ORG, with_trust=False)
    assert found is not None
    assert found.previous == "Wave 1"
    assert found.compared == 5
    assert [(c.label, c.direction, c.size) for c in found.changes] == [
        ("Purpose", "up", "0.50"),
        ("Health", "down", "0.40"),
        ("Workload", "up", "0.10"),
    ]
    assert found.changes[1].before == Decimal("3.40") and found.changes[1].now == Decimal("3.00")
    assert found.out_of == "5"


def test_a_change_is_measured_between_the_figures_as_the_table_writes_them() -> None:
    # 3.004 and 2.996 are both written 3.00: no change, though the raw means differ.
    res = _results({**NOW, "voice": 3.004}, {})
    trend = _trend(_series(ORG, {**BEFORE, "voice": 2.996}, NOW))
    _, changes = presenters.biggest_changes(res, res.organisation, trend, ORG)
    assert "Voice" not in [c.label for c in changes]


def test_the_first_wave_has_no_previous_wave_and_no_changes() -> None:
    res = _results(NOW, {})
    trend = _trend({(ORG, d): [NOW[d]] for d in DOMAINS}, waves=1)
    found = presenters.highlights(res, res.organisation, trend, ORG, with_trust=False)
    assert found is not None
    assert found.previous is None and found.changes == [] and found.compared == 0
    assert found.strengths  # strengths need no previous wave


def test_a_hidden_group_has_no_highlights_at_all() -> None:
    res = _results(NOW, {1: None})
    trend = _trend(_series(school_key(1), BEFORE, NOW))  # even if a trend had figures
    assert presenters.highlights(res, res.schools[1], trend, school_key(1), with_trust=True) is None


def test_a_group_hidden_in_the_last_wave_is_never_compared_with_it() -> None:
    res = _results(NOW, {1: NOW})
    hidden_before = {(school_key(1), d): [None, NOW[d]] for d in DOMAINS}
    found = presenters.highlights(
        res, res.schools[1], _trend(hidden_before), school_key(1), with_trust=True
    )
    assert found is not None
    assert found.previous == "Wave 1" and found.compared == 0 and found.changes == []


def test_a_domain_hidden_now_is_neither_a_change_nor_a_strength() -> None:
    shown = {d: m for d, m in NOW.items() if d != "purpose"}  # purpose: too few answers
    res = _results(NOW, {1: shown})
    trend = _trend(_series(school_key(1), BEFORE, NOW))
    found = presenters.highlights(res, res.schools[1], trend, school_key(1), with_trust=True)
    assert found is not None
    labels = [c.label for c in found.changes] + [s.label for s in found.strengths]
    assert "Purpose" not in labels
    assert found.compared == 4


def test_strengths_are_the_highest_means_with_the_trust_average_for_a_school() -> None:
    school = {"health": 3.1, "security": 4.4, "purpose": 4.0, "voice": 4.4, "workload": 2.0}
    res = _results(NOW, {1: school})
    found = presenters.strengths(res, res.schools[1], with_trust=True)
    # Ties keep the instrument's order; two of five domains (never more than half).
    assert [(s.label, s.mean, s.trust) for s in found] == [
        ("Security", Decimal("4.40"), Decimal("3.90")),
        ("Voice", Decimal("4.40"), Decimal("3.50")),
    ]
    assert all(s.trust is None for s in presenters.strengths(res, res.schools[1], with_trust=False))


def test_a_strength_stands_out_from_at_least_as_many_other_domains() -> None:
    res = _results(NOW, {1: {"health": 3.0, "security": 4.0, "voice": 2.0}, 2: {"health": 3.0}})
    assert [s.label for s in presenters.strengths(res, res.schools[1], with_trust=False)] == [
        "Security"
    ]
    assert presenters.strengths(res, res.schools[2], with_trust=False) == []


@pytest.mark.parametrize(
    ("value", "centre", "expected"),
    [
        (3.5, 3.5, "near"),
        (3.59, 3.5, "near"),
        (3.6, 3.5, "above"),  # exactly the band: no longer near
        (3.4, 3.5, "below"),
        (2.0, 3.5, "below"),
        (None, 3.5, None),
        (3.5, None, None),
    ],
)
def test_standing_against_the_average(
    value: float | None, centre: float | None, expected: str | None
) -> None:
    assert charts.standing(value, centre, 0.1) == expected


def test_the_heatmap_table_gives_each_shown_cell_its_standing_and_hides_the_rest() -> None:
    school = {"health": 3.5, "security": 3.0, "purpose": 4.5, "voice": 3.45}
    res = _results(NOW, {1: school, 2: None})
    rows = presenters.school_score_rows(res)
    (_, cells), (hidden, hidden_cells) = rows
    assert [cell.standing for cell in cells] == ["above", "below", "above", "near", None]
    assert [cell.mean for cell in cells] == [3.5, 3.0, 4.5, 3.45, None]
    assert hidden.hidden and all(c.score is None and c.standing is None for c in hidden_cells)


def test_the_heatmap_colours_against_the_trust_average_and_leaves_hidden_cells_empty() -> None:
    res = _results(NOW, {1: {"health": 3.9}, 2: None})
    svg = str(presenters.schools_heatmap(res, screen=True))
    assert "Trust average" in svg
    assert "Within 0.1 of the trust average" in svg and "Above the trust average by 0.1" in svg
    assert 'width="100%"' not in svg  # drawn at its actual size on a page
    against = presenters.heatmap_against(res)
    assert against is not None and list(against.centres) == [NOW[d] for d in DOMAINS]
    # Row 0 is the trust average; the hidden school's row (2) shows no figure at all.
    root = ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check it
    rows = {node.get("id", "").rsplit("-", 1)[-1]: node for node in root.iter(G)}
    hidden_texts = ["".join(t.itertext()) for t in rows["2"].iter(TEXT)]
    assert hidden_texts[1:] == ["suppressed"] * len(DOMAINS)
    shown_texts = ["".join(t.itertext()) for t in rows["1"].iter(TEXT)]
    assert shown_texts[1:] == ["3.9"] + ["suppressed"] * (len(DOMAINS) - 1)


def test_with_the_trust_hidden_the_heatmap_falls_back_to_shading_by_value() -> None:
    res = _results(None, {1: NOW})
    assert presenters.heatmap_against(res) is None
    assert all(
        cell.standing is None for _, cells in presenters.school_score_rows(res) for cell in cells
    )
    svg = str(presenters.schools_heatmap(res))
    assert "Darker cells are higher" in svg and "Trust average" not in svg


def test_the_heatmap_rows_lead_with_the_trust_average_they_are_coloured_against() -> None:
    res = _results(NOW, {1: NOW, 2: None})
    rows = presenters.heatmap_rows(res)
    assert rows[0] == ("Trust average", [NOW[d] for d in DOMAINS])
    assert rows[1:] == presenters.heatmap_means(res)
    assert rows[2][1] == [None] * len(DOMAINS)  # the hidden school: nothing
    assert presenters.heatmap_rows(_results(None, {1: NOW}))[0][0] == "school:1"
