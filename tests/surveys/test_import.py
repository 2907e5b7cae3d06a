"""Importing an instrument: strict, naming field and row, all or nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys import importer
from surveys.models import Domain, Instrument, Item, Survey
from tests.clock import london
from tests.conftest import World
from wellbeing_portal.core.csv_import import ImportRejected
from wellbeing_portal.people.models import Role

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


# Nothing in a file gives a server error: every problem is listed ------------------------


def _post(client: Any, world: World, file_name: str, data: bytes, **fields: Any) -> Any:
    client.force_login(world.user("wellbeing_lead"))
    return client.post(
        reverse("surveys:instrument_import", kwargs={"slug": world.trust.slug}),
        {"file": SimpleUploadedFile(file_name, data), **fields},
    )


def _nothing_imported() -> bool:
    return not (
        Instrument.objects.filter(organisation__isnull=False).exists()
        or Survey.objects.filter(organisation__isnull=False).exists()
    )


def test_a_200_character_domain_label_is_a_listed_problem(world: World, client: Any) -> None:
    doc = _example()
    doc["domains"][1]["label"] = "L" * 200
    assert _rejected(doc) == ["domains[2].label: at most 120 characters."]
    response = _post(client, world, "i.json", json.dumps(doc).encode())
    assert response.status_code == 400
    assert b"domains[2].label: at most 120 characters." in response.content
    assert _nothing_imported()


def test_a_200_character_label_in_a_csv_is_a_listed_problem(world: World, client: Any) -> None:
    data = CSV_OK + b"a-3,long,%s,Text.,no\n" % (b"L" * 200)
    response = _post(
        client,
        world,
        "items.csv",
        data,
        key="csv-long",
        name="CSV long",
        scale_min=1,
        scale_max=5,
        scale_labels="A, B, C, D, E",
    )
    assert response.status_code == 400
    assert b"domain_label: at most 120 characters." in response.content
    assert _nothing_imported()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["domains"][0].update(label=["a list"]), "domains[1].label: must be text"),
        (lambda d: d.update(name=12), "name: must be text"),
        (lambda d: d.update(description="d" * 3000), "description: at most 2000"),
        (lambda d: d["scale"].update(labels=["x" * 101] * 5), "scale.labels: each label"),
        (lambda d: d["conversion"].update({"²": 3.0}), "conversion['²']"),
        (lambda d: d["conversion"].update({"4": "HUGE"}), "conversion['4']"),
        (lambda d: d["norms"].update(metric="HUGE"), "norms.metric: must be a number"),
        (lambda d: d.update(reverse_scored=[{"key": "pace-1"}]), "reverse_scored: must be a list"),
        (lambda d: d.update(items=d["items"] * 200), "items: at most 500 items"),
        (lambda d: d["items"][0].update(domain="d" * 5000), "is not one of the domains"),
    ],
)
def test_malformed_fields_are_listed_problems(change: Any, message: str) -> None:
    doc = _example()
    change(doc)
    # 1e400 is a JSON number that Python reads as infinity (json.dumps would write Infinity).
    with pytest.raises(ImportRejected) as error:
        importer.parse_json(json.dumps(doc).replace('"HUGE"', "1e400").encode())
    messages = [p.message for p in error.value.problems]
    assert any(message in m for m in messages), messages
    assert all(len(m) < 300 for m in messages)  # a value from the file is quoted short


@pytest.mark.parametrize(
    "data",
    [
        b'{"key": NaN}',
        b'{"key": Infinity}',
        b'{"key": 1' + b"0" * 5000 + b"}",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"key": "a\\u0000b", "name": "x", "scale": {}, "domains": [], "items": []}',
        b'{"key": "a", "name": "\\ud800", "scale": {}, "domains": [], "items": []}',
        b"\xff\xfe not utf-8",
        b"",
        b"null",
    ],
    ids=["nan", "infinity", "huge-int", "deep", "nul", "surrogate", "latin", "empty", "null"],
)
def test_broken_json_is_one_listed_problem(data: bytes) -> None:
    with pytest.raises(ImportRejected) as error:
        importer.parse_json(data)
    [problem] = error.value.problems
    assert problem.line == 0


@pytest.mark.parametrize(
    "data",
    [
        b"item_key,domain_key,domain_label,text,reverse_scored\n"
        b'a-1,pace,Pace,"' + b"x" * 200_000 + b'",no\n',
        b"item_key,item_key,domain_key,domain_label,text,reverse_scored\n",
        b"item_key;domain_key;domain_label;text;reverse_scored\n",
    ],
    ids=["huge-cell", "column-twice", "semicolons"],
)
def test_a_broken_csv_is_a_listed_problem(world: World, client: Any, data: bytes) -> None:
    response = _post(
        client,
        world,
        "items.csv",
        data,
        key="csv-broken",
        name="CSV broken",
        scale_min=1,
        scale_max=5,
        scale_labels="A, B, C, D, E",
    )
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert _nothing_imported()


def test_an_instrument_named_like_a_survey_of_the_organisation_still_imports(
    world: World,
) -> None:
    from surveys import services

    first = importer.instrument_import(
        organisation=world.trust, parsed=importer.parse_json(EXAMPLE.read_bytes())
    )
    own = services.survey_create(
        organisation=world.trust,
        name="Second instrument",
        kind=Survey.Kind.STAFF,
        items=first.items.all(),
    )
    doc = _example()
    doc["key"] = own.key
    survey = importer.instrument_import(
        organisation=world.trust, parsed=importer.parse_json(json.dumps(doc).encode())
    )
    assert survey.instrument.key == own.key
    assert survey.key == f"{own.key}-2"


# An export cannot run code --------------------------------------------------------------


def test_a_formula_in_an_imported_label_is_neutralised_in_the_results_csv(
    world: World, client: Any
) -> None:
    from surveys import services

    from .factories import CLOSES, OPENS, TODAY, respond

    doc = _example()
    doc["domains"][0]["label"] = '=HYPERLINK("http://x")'
    doc["domains"][1]["label"] = "-1+cmd|' /C calc'!A0"
    survey = importer.instrument_import(
        organisation=world.trust, parsed=importer.parse_json(json.dumps(doc).encode())
    )
    world.school.name = "@SUM(1+1)"
    world.school.save()
    with time_machine.travel(london(TODAY), tick=False):
        wave = services.wave_create(
            organisation=world.trust,
            survey=survey,
            title="Autumn",
            schools=[world.school],
            roles=[Role.STAFF],
            opens_on=OPENS,
            closes_on=CLOSES,
        )
        services.wave_open(wave=wave, today=OPENS)
        respond(wave, world.school, 6, value=2)
    with time_machine.travel(london(CLOSES, 17), tick=False):
        services.wave_close(wave=wave)
        client.force_login(world.user("wellbeing_lead"))
        response = client.get(reverse("surveys:results_csv", kwargs={"pk": wave.pk}))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    labels = {row[3] for row in rows[1:]}
    assert labels == {'\'=HYPERLINK("http://x")', "'-1+cmd|' /C calc'!A0"}
    assert {row[1] for row in rows[1:]} >= {"'@SUM(1+1)"}
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    means = [row[6] for row in rows[1:] if row[6] != "suppressed"]
    assert means and all(float(mean) > 0 for mean in means)  # figures are still numbers
