"""Importing an instrument: strict, naming field and row, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys import importer
from surveys.models import Domain, Instrument, Item, Survey
from tests.conftest import World
from wellbeing_portal.core.csv_import import ImportRejected

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "instrument-example.json"


def _example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text())


def test_the_documented_example_imports(world: World) -> None:
    parsed = importer.parse_json(EXAMPLE.read_bytes())
    survey = importer.instrument_import(organisation=world.trust, parsed=parsed)
    instrument = survey.instrument
    assert instrument.source == Instrument.Source.IMPORTED
    assert instrument.organisation == world.trust
    assert list(instrument.domains.values_list("key", flat=True)) == ["pace", "together"]
    assert set(instrument.items.filter(reverse_scored=True).values_list("key", flat=True)) == {
        "pace-2",
        "together-2",
    }
    assert instrument.conversion["20"] == 20.0
    assert instrument.norms["domains"]["pace"] == 3.1
    assert survey.items.count() == 4


def _rejected(doc: dict[str, Any]) -> list[str]:
    with pytest.raises(ImportRejected) as error:
        importer.parse_json(json.dumps(doc).encode())
    return [p.message for p in error.value.problems]


def test_a_reverse_flag_on_an_unknown_item_is_named(world: World) -> None:
    doc = _example()
    doc["reverse_scored"].append("pace-9")
    assert _rejected(doc) == ["reverse_scored: 'pace-9' is not the key of any item."]


def test_problems_name_the_field_and_the_row() -> None:
    doc = _example()
    doc["items"][1]["domain"] = "nowhere"
    del doc["items"][2]["text"]
    doc["scale"]["labels"] = ["Never", "Always"]
    messages = _rejected(doc)
    assert "items[2].domain: 'nowhere' is not one of the domains." in messages
    assert "items[3].text: give the statement (at most 300 characters)." in messages
    assert "scale.labels: give one label for each of the 5 points." in messages


def test_a_missing_field_is_named() -> None:
    doc = _example()
    del doc["domains"]
    assert _rejected(doc) == ["domains: this field is missing."]


def test_an_incomplete_conversion_table_is_refused() -> None:
    doc = _example()
    del doc["conversion"]["12"]
    assert _rejected(doc) == ["conversion: no metric for raw totals 12."]


CSV_OK = (
    b"item_key,domain_key,domain_label,text,reverse_scored\n"
    b"a-1,pace,Pace,I keep up.,no\n"
    b"a-2,pace,,I skip lunch.,yes\n"
)


def test_a_csv_imports(world: World) -> None:
    parsed = importer.parse_csv(
        CSV_OK, key="csv-one", name="CSV one", scale_min=1, scale_max=5, labels=list("ABCDE")
    )
    survey = importer.instrument_import(organisation=world.trust, parsed=parsed)
    assert list(survey.items.values_list("key", "reverse_scored")) == [
        ("a-1", False),
        ("a-2", True),
    ]


def test_a_csv_with_a_missing_column_stores_nothing(world: World, client: Any) -> None:
    client.force_login(world.user("wellbeing_lead"))
    data = b"item_key,domain_key,text,reverse_scored\na-1,pace,I keep up.,no\n"
    response = client.post(
        reverse("surveys:instrument_import", kwargs={"slug": world.trust.slug}),
        {
            "file": SimpleUploadedFile("items.csv", data, content_type="text/csv"),
            "key": "csv-two",
            "name": "CSV two",
            "scale_min": 1,
            "scale_max": 5,
            "scale_labels": "A, B, C, D, E",
        },
    )
    assert response.status_code == 400
    assert b"Missing: domain_label" in response.content
    assert b"There is a problem" in response.content
    assert not Instrument.objects.filter(organisation=world.trust).exists()


def test_a_bad_csv_row_is_named_by_line() -> None:
    data = CSV_OK + b"a-1,pace,Pace,Again.,perhaps\n"
    with pytest.raises(ImportRejected) as error:
        importer.parse_csv(
            data, key="csv-3", name="CSV 3", scale_min=1, scale_max=5, labels=list("ABCDE")
        )
    assert [(p.line, p.message) for p in error.value.problems] == [
        (4, "item_key: 'a-1' is used twice."),
        (4, "reverse_scored: write yes or no."),
    ]


def test_an_import_is_all_or_nothing(world: World, client: Any) -> None:
    """A file rejected through the page leaves no instrument, domain, item or survey."""
    client.force_login(world.user("wellbeing_lead"))
    doc = _example()
    doc["reverse_scored"] = ["pace-2", "ghost"]
    response = client.post(
        reverse("surveys:instrument_import", kwargs={"slug": world.trust.slug}),
        {"file": SimpleUploadedFile("i.json", json.dumps(doc).encode())},
    )
    assert response.status_code == 400
    assert b"reverse_scored: &#x27;ghost&#x27; is not the key of any item." in response.content
    # Only the portal's own bank exists: nothing of the file was stored.
    assert not Instrument.objects.filter(organisation__isnull=False).exists()
    assert not Domain.objects.filter(instrument__organisation__isnull=False).exists()
    assert not Item.objects.filter(instrument__organisation__isnull=False).exists()
    assert not Survey.objects.filter(organisation__isnull=False).exists()


def test_a_norm_off_the_scale_is_refused() -> None:
    doc = _example()
    doc["norms"]["domains"]["pace"] = 31.0
    assert _rejected(doc) == ["norms.domains['pace']: a mean on the scale, from 1 to 5."]
