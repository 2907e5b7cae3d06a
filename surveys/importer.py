"""Importing an instrument the organisation holds the rights to, from JSON or CSV.

The format is documented in docs/survey-instrument-format.md. Validation is strict and
complete: every problem is reported with the field and the row (item number or CSV
line) it is in, and nothing is stored unless the whole file is right.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from wellbeing_portal.core.csv_import import ImportProblem, ImportRejected, csv_rows
from wellbeing_portal.people.models import Organisation

from .models import Domain, Instrument, Item, Survey

MAX_BYTES = 1024 * 1024
KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
CSV_COLUMNS = ("item_key", "domain_key", "domain_label", "text", "reverse_scored")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


@dataclass
class Parsed:
    key: str = ""
    name: str = ""
    description: str = ""
    scale_min: int = 1
    scale_max: int = 5
    scale_labels: list[str] = field(default_factory=list)
    favourable_from: int = 4
    domains: list[tuple[str, str]] = field(default_factory=list)
    # (key, domain key, text, reverse scored)
    items: list[tuple[str, str, str, bool]] = field(default_factory=list)
    conversion: dict[str, float] = field(default_factory=dict)
    norms: dict[str, Any] = field(default_factory=dict)


class _Problems:
    def __init__(self) -> None:
        self.found: list[ImportProblem] = []

    def add(self, row: int, message: str) -> None:
        self.found.append(ImportProblem(row, message))

    def raise_if_any(self) -> None:
        if self.found:
            raise ImportRejected(self.found)


def _int(value: object, name: str, problems: _Problems, row: int = 0) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(row, f"{name}: must be a whole number.")
        return None
    return value


def parse_json(data: bytes) -> Parsed:
    """Read and check an instrument file in JSON. Raises ImportRejected naming every problem."""
    problems = _Problems()
    if len(data) > MAX_BYTES:
        raise ImportRejected([ImportProblem(0, "The file is larger than 1 MB.")])
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportRejected([ImportProblem(0, f"The file is not valid JSON ({error}).")]) from None
    if not isinstance(doc, dict):
        raise ImportRejected([ImportProblem(0, "The file must hold one JSON object.")])
    parsed = Parsed()
    for name in ("key", "name", "scale", "domains", "items"):
        if name not in doc:
            problems.add(0, f"{name}: this field is missing.")
    problems.raise_if_any()
    parsed.key = str(doc["key"]).strip()
    if not KEY.match(parsed.key):
        problems.add(0, "key: use lower-case letters, digits and hyphens (at most 60).")
    parsed.name = str(doc["name"]).strip()
    if not parsed.name or len(parsed.name) > 200:
        problems.add(0, "name: give the instrument a name of at most 200 characters.")
    parsed.description = str(doc.get("description", "")).strip()
    scale = doc["scale"]
    if not isinstance(scale, dict):
        problems.add(0, "scale: must be an object with min, max and labels.")
    else:
        low = _int(scale.get("min"), "scale.min", problems)
        high = _int(scale.get("max"), "scale.max", problems)
        labels = scale.get("labels", [])
        if low is not None and high is not None:
            if not 0 <= low < high <= 10:
                problems.add(0, "scale: min must be below max, both between 0 and 10.")
            elif not isinstance(labels, list) or len(labels) != high - low + 1:
                problems.add(
                    0, f"scale.labels: give one label for each of the {high - low + 1} points."
                )
            else:
                parsed.scale_min, parsed.scale_max = low, high
                parsed.scale_labels = [str(label).strip() for label in labels]
            fav = scale.get("favourable_from", high)
            fav_int = _int(fav, "scale.favourable_from", problems)
            if fav_int is not None and not low <= fav_int <= high:
                problems.add(0, "scale.favourable_from: must be a point on the scale.")
            elif fav_int is not None:
                parsed.favourable_from = fav_int
    domains = doc["domains"]
    if not isinstance(domains, list) or not domains:
        problems.add(0, "domains: give a list of at least one domain.")
        domains = []
    for number, domain in enumerate(domains, start=1):
        if not isinstance(domain, dict):
            problems.add(number, f"domains[{number}]: must be an object with key and label.")
            continue
        key = str(domain.get("key", "")).strip()
        label = str(domain.get("label", "")).strip()
        if not KEY.match(key):
            problems.add(
                number, f"domains[{number}].key: use lower-case letters, digits and hyphens."
            )
        elif key in {k for k, _ in parsed.domains}:
            problems.add(number, f"domains[{number}].key: '{key}' is used twice.")
        if not label:
            problems.add(number, f"domains[{number}].label: this field is missing.")
        parsed.domains.append((key, label))
    domain_keys = {k for k, _ in parsed.domains}
    items = doc["items"]
    if not isinstance(items, list) or not items:
        problems.add(0, "items: give a list of at least one item.")
        items = []
    reverse = doc.get("reverse_scored", [])
    if not isinstance(reverse, list):
        problems.add(0, "reverse_scored: must be a list of item keys.")
        reverse = []
    reverse_keys = {str(k) for k in reverse}
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.add(number, f"items[{number}]: must be an object with key, domain and text.")
            continue
        key = str(item.get("key", "")).strip()
        domain = str(item.get("domain", "")).strip()
        text = str(item.get("text", "")).strip()
        if not KEY.match(key):
            problems.add(
                number, f"items[{number}].key: use lower-case letters, digits and hyphens."
            )
        elif key in seen:
            problems.add(number, f"items[{number}].key: '{key}' is used twice.")
        seen.add(key)
        if domain not in domain_keys:
            problems.add(number, f"items[{number}].domain: '{domain}' is not one of the domains.")
        if not text or len(text) > 300:
            problems.add(
                number, f"items[{number}].text: give the statement (at most 300 characters)."
            )
        parsed.items.append((key, domain, text, key in reverse_keys))
    for key in sorted(reverse_keys - seen):
        problems.add(0, f"reverse_scored: '{key}' is not the key of any item.")
    conversion = doc.get("conversion", {})
    if not isinstance(conversion, dict):
        problems.add(0, "conversion: must map each raw total to a metric score.")
    else:
        for raw, metric in conversion.items():
            if (
                not str(raw).isdigit()
                or not isinstance(metric, int | float)
                or isinstance(metric, bool)
            ):
                problems.add(
                    0, f"conversion['{raw}']: raw totals are whole numbers, metrics numbers."
                )
            else:
                parsed.conversion[str(int(raw))] = float(metric)
        if parsed.conversion and parsed.items:
            low = parsed.scale_min * len(parsed.items)
            high = parsed.scale_max * len(parsed.items)
            missing = [str(t) for t in range(low, high + 1) if str(t) not in parsed.conversion]
            if missing:
                problems.add(0, f"conversion: no metric for raw totals {', '.join(missing[:5])}.")
    norms = doc.get("norms", {})
    if not isinstance(norms, dict):
        problems.add(0, "norms: must be an object with domains and/or metric.")
    else:
        domain_norms = norms.get("domains", {})
        if not isinstance(domain_norms, dict):
            problems.add(0, "norms.domains: must map domain keys to means.")
        else:
            for key, mean in domain_norms.items():
                if key not in domain_keys:
                    problems.add(0, f"norms.domains: '{key}' is not one of the domains.")
                elif not isinstance(mean, int | float) or isinstance(mean, bool):
                    problems.add(0, f"norms.domains['{key}']: must be a number.")
                elif not parsed.scale_min <= mean <= parsed.scale_max:
                    problems.add(
                        0,
                        f"norms.domains['{key}']: a mean on the scale, from "
                        f"{parsed.scale_min} to {parsed.scale_max}.",
                    )
        metric = norms.get("metric")
        if metric is not None and (not isinstance(metric, int | float) or isinstance(metric, bool)):
            problems.add(0, "norms.metric: must be a number.")
        parsed.norms = norms
    problems.raise_if_any()
    return parsed


def parse_csv(
    data: bytes, *, key: str, name: str, scale_min: int, scale_max: int, labels: list[str]
) -> Parsed:
    """Read items from a CSV with the columns item_key, domain_key, domain_label, text,
    reverse_scored; the scale comes from the form. Raises ImportRejected naming every problem."""
    problems = _Problems()
    parsed = Parsed(
        key=key,
        name=name,
        scale_min=scale_min,
        scale_max=scale_max,
        scale_labels=labels,
        favourable_from=scale_max - 1 if scale_max - scale_min > 1 else scale_max,
    )
    if not KEY.match(key):
        problems.add(0, "key: use lower-case letters, digits and hyphens (at most 60).")
    labels_by_domain: dict[str, str] = {}
    seen: set[str] = set()
    for line, row in csv_rows(data, required=CSV_COLUMNS, max_bytes=MAX_BYTES):
        item_key, domain_key = row["item_key"], row["domain_key"]
        if not KEY.match(item_key):
            problems.add(line, "item_key: use lower-case letters, digits and hyphens.")
        elif item_key in seen:
            problems.add(line, f"item_key: '{item_key}' is used twice.")
        seen.add(item_key)
        if not KEY.match(domain_key):
            problems.add(line, "domain_key: use lower-case letters, digits and hyphens.")
        label = row["domain_label"]
        if domain_key not in labels_by_domain:
            if not label:
                problems.add(line, "domain_label: give the domain's name on its first row.")
            labels_by_domain[domain_key] = label
        elif label and label != labels_by_domain[domain_key]:
            problems.add(
                line,
                f"domain_label: '{domain_key}' was called '{labels_by_domain[domain_key]}' earlier.",
            )
        if not row["text"] or len(row["text"]) > 300:
            problems.add(line, "text: give the statement (at most 300 characters).")
        flag = row["reverse_scored"].lower()
        if flag not in YES | NO:
            problems.add(line, "reverse_scored: write yes or no.")
        parsed.items.append((item_key, domain_key, row["text"], flag in YES))
    if not parsed.items and not problems.found:
        problems.add(0, "The file has no items.")
    parsed.domains = list(labels_by_domain.items())
    problems.raise_if_any()
    return parsed


@transaction.atomic
def instrument_import(*, organisation: Organisation, parsed: Parsed) -> Survey:
    """Store a checked instrument and a survey of all its items, all or nothing."""
    if Instrument.objects.filter(organisation=organisation, key=parsed.key).exists():
        raise ImportRejected(
            [ImportProblem(0, f"key: your organisation already has an instrument '{parsed.key}'.")]
        )
    instrument = Instrument.objects.create(
        organisation=organisation,
        key=parsed.key,
        name=parsed.name,
        description=parsed.description,
        source=Instrument.Source.IMPORTED,
        scale_min=parsed.scale_min,
        scale_max=parsed.scale_max,
        scale_labels=parsed.scale_labels,
        favourable_from=parsed.favourable_from,
        conversion=parsed.conversion,
        norms=parsed.norms,
    )
    domains = {
        key: Domain.objects.create(instrument=instrument, key=key, label=label, position=i)
        for i, (key, label) in enumerate(parsed.domains)
    }
    items = Item.objects.bulk_create(
        Item(
            instrument=instrument,
            domain=domains[domain],
            key=key,
            text=text,
            reverse_scored=reverse,
            position=i,
        )
        for i, (key, domain, text, reverse) in enumerate(parsed.items)
    )
    survey = Survey.objects.create(
        organisation=organisation,
        instrument=instrument,
        key=parsed.key,
        name=parsed.name,
        kind=Survey.Kind.STAFF,
    )
    survey.items.set(items)
    return survey
