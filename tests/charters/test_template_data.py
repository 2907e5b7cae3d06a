"""Checks on the shipped charter templates: structure, tags and the own-words rule."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import get_args

import pytest

from charters.template_data import (
    AREA_LABELS,
    DOMAIN_LABELS,
    KIND_LABELS,
    RESPONSIBLE_LABELS,
    TEMPLATES,
    Area,
    CommitmentSpec,
    Domain,
    Kind,
    Responsible,
    TemplateSpec,
    template_by_key,
)

EXPECTED_KEYS = {
    "education-staff-wellbeing",
    "residential-workforce",
    "ofsted-covenant",
    "whole-school-leadership",
}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"
RUN_LENGTH = 8


def all_items() -> Iterator[tuple[TemplateSpec, CommitmentSpec]]:
    for template in TEMPLATES:
        for item in template.commitments:
            yield template, item


def by_key(key: str) -> TemplateSpec:
    return template_by_key(key)


# --- Templates ------------------------------------------------------------------------


def test_the_four_templates_exist_with_unique_keys() -> None:
    keys = [t.key for t in TEMPLATES]
    assert len(keys) == len(set(keys)), f"duplicate template keys: {keys}"
    assert set(keys) == EXPECTED_KEYS


@pytest.mark.parametrize("key", sorted(EXPECTED_KEYS))
def test_template_by_key_finds_each_template(key: str) -> None:
    template = template_by_key(key)
    assert template.key == key
    assert template in TEMPLATES


def test_template_by_key_raises_key_error_for_unknown_key() -> None:
    with pytest.raises(KeyError, match="no-such-charter"):
        template_by_key("no-such-charter")


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
def test_template_has_text_and_a_sensible_number_of_items(template: TemplateSpec) -> None:
    assert template.title.strip()
    assert template.summary.strip().endswith(".")
    assert template.modelled_on.strip().endswith(".")
    assert 6 <= len(template.commitments) <= 20, (
        f"{template.key} has {len(template.commitments)} items"
    )


# --- Items ----------------------------------------------------------------------------


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
def test_item_keys_are_unique_slugs(template: TemplateSpec) -> None:
    keys = [c.key for c in template.commitments]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"{template.key}: duplicate item keys {duplicates}"
    for key in keys:
        assert SLUG.match(key), f"{template.key}: {key!r} is not a lowercase hyphenated slug"
        assert len(key) <= 60, f"{template.key}: {key!r} is longer than 60 characters"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
def test_item_titles_and_descriptions_fit(template: TemplateSpec) -> None:
    for item in template.commitments:
        where = f"{template.key}/{item.key}"
        assert item.title.strip(), f"{where}: empty title"
        assert len(item.title) <= 120, f"{where}: title longer than 120 characters"
        assert item.description.strip(), f"{where}: empty description"
        assert len(item.description) <= 600, f"{where}: description longer than 600 characters"
        assert item.description.endswith("."), f"{where}: description must end with a full stop"
        assert len(item.section) <= 120, f"{where}: section heading longer than 120 characters"


def test_every_item_has_a_responsible_party_and_a_domain() -> None:
    for template, item in all_items():
        where = f"{template.key}/{item.key}"
        assert item.responsible, f"{where}: no responsible party"
        assert item.domains, f"{where}: no domain"
        assert len(set(item.responsible)) == len(item.responsible), f"{where}: repeated party"
        assert len(set(item.domains)) == len(item.domains), f"{where}: repeated domain"
        assert len(set(item.areas)) == len(item.areas), f"{where}: repeated area"


def test_every_tag_has_a_label() -> None:
    for template, item in all_items():
        where = f"{template.key}/{item.key}"
        for party in item.responsible:
            assert party in RESPONSIBLE_LABELS, f"{where}: unknown responsible party {party!r}"
        for domain in item.domains:
            assert domain in DOMAIN_LABELS, f"{where}: unknown domain {domain!r}"
        for area in item.areas:
            assert area in AREA_LABELS, f"{where}: unknown area {area!r}"
        assert item.kind in KIND_LABELS, f"{where}: unknown kind {item.kind!r}"


@pytest.mark.parametrize(
    ("labels", "literal"),
    [
        (RESPONSIBLE_LABELS, Responsible),
        (DOMAIN_LABELS, Domain),
        (AREA_LABELS, Area),
        (KIND_LABELS, Kind),
    ],
    ids=["responsible", "domain", "area", "kind"],
)
def test_label_dicts_cover_exactly_their_literal_values(
    labels: dict[str, str], literal: object
) -> None:
    assert set(labels) == set(get_args(literal))
    assert all(label.strip() for label in labels.values())


# --- Template-specific rules ----------------------------------------------------------


def test_residential_template_has_practitioner_pledges() -> None:
    pledges = [c for c in by_key("residential-workforce").commitments if c.kind == "pledge"]
    assert len(pledges) >= 4
    for pledge in pledges:
        assert pledge.responsible == ("individuals",), f"{pledge.key}: pledges are for individuals"


def test_whole_school_template_has_checklist_and_activities() -> None:
    items = by_key("whole-school-leadership").commitments
    kinds = {c.kind for c in items}
    assert {"checklist", "activity"} <= kinds
    checklist_keys = [c.key for c in items if c.kind == "checklist"]
    assert any("lead-governor" in k for k in checklist_keys), checklist_keys
    assert any("action-group" in k for k in checklist_keys), checklist_keys


def test_organisation_charter_keeps_the_eleven_organisation_commitments() -> None:
    items = by_key("education-staff-wellbeing").commitments
    organisation = [c for c in items if c.responsible == ("organisation",)]
    assert len(organisation) == 11
    for party in ("governing_board", "senior_leaders", "individuals"):
        assert any(party in c.responsible for c in items), f"no commitment for {party}"


# --- Own words ------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Lower-case words with punctuation ignored: apostrophes vanish, other marks split words."""
    text = re.sub(r"['‘’`]", "", text.lower())
    return re.sub(r"[^\w\s]|_", " ", text).split()


def runs(text: str, length: int = RUN_LENGTH) -> Iterator[tuple[str, ...]]:
    tokens = words(text)
    for start in range(len(tokens) - length + 1):
        yield tuple(tokens[start : start + length])


def portal_texts() -> Iterator[tuple[str, str]]:
    for template in TEMPLATES:
        yield f"{template.key} title", template.title
        yield f"{template.key} summary", template.summary
        yield f"{template.key} modelled_on", template.modelled_on
        for item in template.commitments:
            yield f"{template.key}/{item.key} title", item.title
            yield f"{template.key}/{item.key} description", item.description
            yield f"{template.key}/{item.key} section", item.section


def test_words_ignores_case_and_punctuation() -> None:
    assert words("Other people’s WELL-being, now!") == ["other", "peoples", "well", "being", "now"]
    assert list(runs("one two three", length=2)) == [("one", "two"), ("two", "three")]


def test_no_run_of_eight_words_is_copied_from_a_seed() -> None:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS_DIR}")
    seeds = sorted(p for p in SEEDS_DIR.iterdir() if p.is_file())
    if not seeds:
        pytest.skip(f"no seed documents in {SEEDS_DIR}")
    seed_runs: dict[tuple[str, ...], str] = {}
    for path in seeds:
        for run in runs(path.read_text(encoding="utf-8", errors="replace")):
            seed_runs.setdefault(run, path.name)
    copied = [
        f"{where}: {' '.join(run)!r} (in {seed_runs[run]})"
        for where, text in portal_texts()
        for run in runs(text)
        if run in seed_runs
    ]
    assert not copied, "template text copies a seed document:\n" + "\n".join(copied)
