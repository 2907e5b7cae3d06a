"""Every form's inputs fuzzed with hypothesis: whatever is typed (or tampered with),
the answer is never a server error, and a rejected submission stores nothing.

Each case is a page with a form, the person who may use it, and the URL's arguments.
The fields are read from the page itself, so a field added later is fuzzed too.
The importers are fuzzed with files: CSV and JSON that hypothesis builds with long cells,
formulas, odd unicode, missing or doubled columns, wrong types and other encodings."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..conftest import World

pytestmark = pytest.mark.django_db

FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', re.I)
AWKWARD = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "99999999999999999999",
        "2026-13-45",
        "9999-12-31",
        "2026-11-23T25:61",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "\x00",
        "ü" * 400,
        "on",
        "1.5",
    ]
)
VALUE = st.one_of(AWKWARD, st.text(max_size=60))

Kwargs = Callable[[World], dict[str, Any]]
CASES: list[tuple[str, str, Kwargs]] = [
    ("headteacher", "inspections:notify", lambda w: {}),
    ("link_officer", "inspections:contact_new", lambda w: {"pk": w.services["inspection"].pk}),
    ("headteacher", "inspections:concern_new", lambda w: {"pk": w.services["inspection"].pk}),
    ("headteacher", "inspections:dates", lambda w: {"pk": w.services["inspection"].pk}),
    ("headteacher", "inspections:details", lambda w: {"pk": w.services["inspection"].pk}),
    ("headteacher", "inspections:request_new", lambda w: {"pk": w.services["inspection"].pk}),
    ("headteacher", "inspections:outcome", lambda w: {"pk": w.services["inspection"].pk}),
    ("wellbeing_lead", "inspections:protocol", lambda w: {"slug": w.trust.slug}),
    ("wellbeing_lead", "inspections:guidance", lambda w: {"slug": w.trust.slug}),
    ("wellbeing_lead", "support_directory:service_add", lambda w: {"slug": w.trust.slug}),
    ("headteacher", "support_directory:buddy_profile", lambda w: {}),
    ("wellbeing_lead", "surveys:wave_create", lambda w: {"slug": w.trust.slug}),
    ("wellbeing_lead", "charters:signatory_add", lambda w: {"pk": w.charters["charter"].pk}),
    ("governor", "reports:new", lambda w: {}),
]

# Our apps' tables: a rejected submission must leave every one as it was.
OUR_APPS = ("inspections", "support_directory", "surveys", "charters", "reports", "people")


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for app in OUR_APPS
        for m in apps.get_app_config(app).get_models()
    }


@pytest.mark.parametrize(("role", "name", "kwargs"), CASES, ids=[c[1] for c in CASES])
def test_no_input_breaks_a_form(
    rich_world: World, client: Any, role: str, name: str, kwargs: Kwargs
) -> None:
    url = reverse(name, kwargs=kwargs(rich_world))
    client.force_login(rich_world.user(role))
    page = client.get(url)
    assert page.status_code == 200
    fields = sorted(set(FIELD.findall(page.content.decode())) - {"csrfmiddlewaretoken"})
    assert fields, f"{name} shows no form"

    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries({field: VALUE for field in fields}))
    def submit(data: dict[str, str]) -> None:
        before = _counts()
        response = client.post(url, data)
        assert response.status_code < 500, (name, data)
        if response.status_code != 302:  # rejected: nothing stored
            assert _counts() == before, (name, data)

    submit()


# Importers: files built by hypothesis, posted through the import pages ------------------

# An address that passes the email validator but is longer than the 254 characters the
# email column holds.
LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".example.org"
LONG = st.sampled_from([61, 101, 121, 201, 255, 301, 2001, 140_000]).map(lambda n: "x" * n)
FORMULA = st.sampled_from(
    ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0"]
)
ODD_UNICODE = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=40
)
PLAUSIBLE = st.sampled_from(
    [
        *("", "100001", "100002", "200001", "staff", "headteacher", "school_leader"),
        *("governor", "champion", "helpline", "all_staff", "heads", "0800 111 222"),
        *("asha@example.org", "wellbeing_lead@example.org", LONG_EMAIL, "https://example.org"),
        *("yes", "no", "health;security", "joy", "pace", "pace-1", "I keep up.", "²", "NaN"),
    ]
)
CELL = st.one_of(LONG, FORMULA, ODD_UNICODE, PLAUSIBLE, st.text(max_size=20))
STRANGER = st.sampled_from(["", "Name", "e mail", "x" * 300])


def _csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


@st.composite
def _csv_file(draw: st.DrawFn, columns: tuple[str, ...], good: Callable[[int], list[str]]) -> bytes:
    """A file that is right but for a few cells (long, a formula, odd unicode, a wrong
    value), or whose header is wrong (a column missing, doubled or strange), or that is
    not CSV at all; in UTF-8 mostly, in another encoding sometimes."""
    shape = draw(st.sampled_from(["cells", "cells", "cells", "header", "bytes"]))
    if shape == "bytes":
        return draw(st.one_of(st.binary(max_size=64), st.sampled_from([b"", b'name,"open\n'])))
    header = list(draw(st.permutations(list(columns))))
    if shape == "header":
        header = draw(
            st.lists(st.one_of(st.sampled_from(columns), STRANGER), max_size=len(columns) + 2)
        )
    rows = []
    for number in range(draw(st.integers(min_value=1, max_value=3))):
        row = dict(zip(columns, good(number), strict=True))
        changed = st.lists(st.sampled_from(columns), min_size=1, max_size=3, unique=True)
        for column in draw(changed):
            row[column] = draw(CELL)
        rows.append([row.get(column, "") for column in header])
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    return _csv_bytes([header, *rows], encoding)


JSON_VALUE = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**6), max_value=10**6),
        st.floats(allow_nan=False, allow_infinity=False),
        CELL,
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
JSON_PATHS = [
    *[("key",), ("name",), ("description",), ("scale",), ("scale", "min"), ("scale", "labels")],
    *[("domains",), ("domains", 0, "label"), ("domains", 0, "key"), ("items",)],
    *[("items", 0, "text"), ("items", 0, "domain"), ("reverse_scored",), ("conversion",)],
    ("norms",),
]


def _instrument() -> dict[str, Any]:
    return {
        "key": "fuzzed",
        "name": "Fuzzed instrument",
        "scale": {"min": 1, "max": 5, "labels": list("ABCDE"), "favourable_from": 4},
        "domains": [{"key": "pace", "label": "Pace"}],
        "items": [{"key": "pace-1", "domain": "pace", "text": "I keep up."}],
        "reverse_scored": [],
    }


@st.composite
def _json_file(draw: st.DrawFn) -> bytes:
    """The documented format with a few fields replaced (by long text, a formula, odd
    unicode, a number, a list...) or removed; sometimes not UTF-8, sometimes cut short."""
    doc = _instrument()
    for *parents, last in draw(st.lists(st.sampled_from(JSON_PATHS), max_size=3, unique=True)):
        target: Any = doc
        for step in parents:  # an earlier change may have replaced a parent: then skip
            inside = isinstance(target, dict) and step in target
            at = isinstance(target, list) and isinstance(step, int) and step < len(target)
            target = target[step] if inside or at else None
        if isinstance(target, dict):
            if draw(st.integers(min_value=0, max_value=4)) == 0:
                target.pop(last, None)
            else:
                target[last] = draw(st.one_of(CELL, JSON_VALUE))
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()))
    return draw(
        st.sampled_from([text.encode(), text.encode(), text.encode("utf-16"), b"{" + text.encode()])
    )


def _staff(n: int) -> list[str]:
    return [f"Person {n}", f"person{n}@example.org", "100001", "staff"]


def _service(n: int) -> list[str]:
    return [f"Service {n}", "helpline", "Someone to talk to.", "", "", "0800 111 222"] + [""] * 10


def _item(n: int) -> list[str]:
    return [f"i-{n}", "pace", "Pace", "I keep up.", "no"]


STAFF_COLUMNS = ("name", "email", "school_urn", "role")
SERVICE_COLUMNS = (
    *("name", "kind", "description", "provider", "audience", "phone", "text_number"),
    *("email", "url", "hours", "cost", "commissioned", "crisis", "domains", "tags", "school_urn"),
)
ITEM_COLUMNS = ("item_key", "domain_key", "domain_label", "text", "reverse_scored")
CSV_FORM = {"key": "fuzz-csv", "name": "Fuzzed CSV", "scale_min": "1", "scale_max": "5"}
CSV_FORM["scale_labels"] = "A, B, C, D, E"
# The files that gave a server error before the importers were hardened: always tried.
KNOWN = {
    "staff-csv": [
        _csv_bytes([list(STAFF_COLUMNS), ["A", LONG_EMAIL, "100001", "staff"]]),
        _csv_bytes([list(STAFF_COLUMNS), ["x" * 140_000, "a@example.org", "100001", "staff"]]),
    ],
    "services-csv": [_csv_bytes([list(SERVICE_COLUMNS), ["x" * 140_000, *_service(0)[1:]]])],
    "instrument-csv": [_csv_bytes([list(ITEM_COLUMNS), ["i-1", "pace", "L" * 200, "T", "no"]])],
    "instrument-json": [
        json.dumps({**_instrument(), "domains": [{"key": "pace", "label": "L" * 200}]}).encode(),
        b'{"key": NaN}',
    ],
}


def _upload(
    file_name: str, form: dict[str, Any] | None = None
) -> Callable[[bytes], dict[str, Any]]:
    return lambda data: {**(form or {}), "file": SimpleUploadedFile(file_name, data)}


ImportCase = tuple[str, Callable[[bytes], dict[str, Any]], st.SearchStrategy[bytes]]
IMPORTS: dict[str, ImportCase] = {
    "staff-csv": ("people:staff_import", _upload("staff.csv"), _csv_file(STAFF_COLUMNS, _staff)),
    "services-csv": (
        "support_directory:service_import",
        _upload("services.csv"),
        _csv_file(SERVICE_COLUMNS, _service),
    ),
    "instrument-csv": (
        "surveys:instrument_import",
        _upload("items.csv", CSV_FORM),
        _csv_file(ITEM_COLUMNS, _item),
    ),
    "instrument-json": ("surveys:instrument_import", _upload("instrument.json"), _json_file()),
}

# What an import may change: our apps' tables and the outbox (a welcome email, say).
IMPORT_APPS = (*OUR_APPS, "outbox")


def _import_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for app in IMPORT_APPS
        for m in apps.get_app_config(app).get_models()
    }


@pytest.mark.parametrize("case", list(IMPORTS))
def test_no_file_breaks_an_import(world: World, client: Any, case: str) -> None:
    """Files posted by the organisation's wellbeing lead, who may import: never a server
    error, and a rejected file stores nothing (not even an email)."""
    name, form, files = IMPORTS[case]
    url = reverse(name, kwargs={"slug": world.trust.slug})
    client.force_login(world.user("wellbeing_lead"))
    assert client.get(url).status_code == 200

    def post(data: bytes) -> None:
        before = _import_counts()
        response = client.post(url, form(data))
        assert response.status_code < 500, (case, data[:300])
        if response.status_code >= 400:  # rejected: nothing stored
            assert _import_counts() == before, (case, data[:300])

    for known in KNOWN[case]:
        post(known)

    settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.large_base_example,
            HealthCheck.data_too_large,
        ],
    )(given(files)(post))()
