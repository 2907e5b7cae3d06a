"""Importing an instrument the organisation holds the rights to, from JSON or CSV.

The format is documented in docs/survey-instrument-format.md. Validation is strict and
complete: every problem is reported with the field and the row (item number or CSV
line) it is in, and nothing is stored unless the whole file is right.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from wellbeing_portal.core.csv_import import ImportProblem, ImportRejected, csv_rows, quoted
from wellbeing_portal.people.models import Organisation

from .models import Domain, Instrument, Item, Survey

MAX_BYTES = 1024 * 1024
KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")  # used with fullmatch
CSV_COLUMNS = ("item_key", "domain_key", "domain_label", "text", "reverse_scored")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
RAW_TOTAL = re.compile(r"[0-9]{1,6}")


def _max_length(model: type[models.Model], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.max_length is not None
    return field.max_length


# What the database holds: every length is checked against it before anything is stored.
NAME_MAX = _max_length(Instrument, "name")
DOMAIN_LABEL_MAX = _max_length(Domain, "label")
ITEM_TEXT_MAX = _max_length(Item, "text")
# Not limited by a column, but by what a page can show.
SCALE_LABEL_MAX = 100
DESCRIPTION_MAX = 2000
MAX_DOMAINS = 100
MAX_ITEMS = 500


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


def _number(value: object) -> bool:
    """A finite JSON number (not true or false, not a 400-digit overflow)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _text(value: object, name: str, problems: _Problems, row: int = 0) -> str:
    """A string field, stripped; a problem (and "") if it is a number, a list or an object."""
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.add(row, f"{name}: must be text in quotes.")
        return ""
    return value.strip()


def _strings(value: object) -> Iterator[str]:
    """Every string in a JSON document, keys included."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, str):
            yield current
        elif isinstance(current, dict):
            stack.extend(current.keys())
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def _storable(text: str) -> bool:
    """PostgreSQL stores neither NUL characters nor lone surrogates (from JSON escapes)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(data: bytes) -> Parsed:
    """Read and check an instrument file in JSON. Raises ImportRejected naming every problem."""
    doc = _json_document(data)
    problems = _Problems()
    parsed = Parsed()
    for name in ("key", "name", "scale", "domains", "items"):
        if name not in doc:
            problems.add(0, f"{name}: this field is missing.")
    problems.raise_if_any()
    _read_names(doc, parsed, problems)
    _read_scale(doc["scale"], parsed, problems)
    _read_domains(doc["domains"], parsed, problems)
    _read_items(doc, parsed, problems)
    _read_conversion(doc.get("conversion", {}), parsed, problems)
    _read_norms(doc.get("norms", {}), parsed, problems)
    problems.raise_if_any()
    return parsed


def _json_document(data: bytes) -> dict[str, Any]:
    """The file's one JSON object, or ImportRejected with the one reason it is not."""
    if len(data) > MAX_BYTES:
        raise ImportRejected([ImportProblem(0, "The file is larger than 1 MB.")])
    try:
        doc = json.loads(data.decode("utf-8-sig"), parse_constant=_reject_constant)
    except ValueError as error:  # not UTF-8, not JSON, NaN, a number of 5,000 digits
        message = quoted(str(error), 120)
        raise ImportRejected(
            [ImportProblem(0, f"The file is not valid JSON ({message}).")]
        ) from None
    except RecursionError:
        raise ImportRejected(
            [ImportProblem(0, "The file nests lists or objects too deeply.")]
        ) from None
    if not isinstance(doc, dict):
        raise ImportRejected([ImportProblem(0, "The file must hold one JSON object.")])
    if not all(_storable(text) for text in _strings(doc)):
        raise ImportRejected(
            [
                ImportProblem(
                    0, "The file holds a character that cannot be stored (NUL, or half a pair)."
                )
            ]
        )
    return doc


def _read_names(doc: dict[str, Any], parsed: Parsed, problems: _Problems) -> None:
    parsed.key = _text(doc["key"], "key", problems)
    if not KEY.fullmatch(parsed.key):
        problems.add(0, "key: use lower-case letters, digits and hyphens (at most 60).")
    parsed.name = _text(doc["name"], "name", problems)
    if not parsed.name or len(parsed.name) > NAME_MAX:
        problems.add(0, f"name: give the instrument a name of at most {NAME_MAX} characters.")
    parsed.description = _text(doc.get("description", ""), "description", problems)
    if len(parsed.description) > DESCRIPTION_MAX:
        problems.add(0, f"description: at most {DESCRIPTION_MAX} characters.")


def _read_scale(scale: object, parsed: Parsed, problems: _Problems) -> None:
    if not isinstance(scale, dict):
        problems.add(0, "scale: must be an object with min, max and labels.")
        return
    low = _int(scale.get("min"), "scale.min", problems)
    high = _int(scale.get("max"), "scale.max", problems)
    if low is None or high is None:
        return
    labels = scale.get("labels", [])
    if not 0 <= low < high <= 10:
        problems.add(0, "scale: min must be below max, both between 0 and 10.")
    elif not isinstance(labels, list) or len(labels) != high - low + 1:
        problems.add(0, f"scale.labels: give one label for each of the {high - low + 1} points.")
    elif not all(
        (isinstance(label, str) or (isinstance(label, int) and not isinstance(label, bool)))
        and len(str(label).strip()) <= SCALE_LABEL_MAX
        for label in labels
    ):
        problems.add(
            0, f"scale.labels: each label is text of at most {SCALE_LABEL_MAX} characters."
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


def _read_domains(domains: object, parsed: Parsed, problems: _Problems) -> None:
    if not isinstance(domains, list) or not domains:
        problems.add(0, "domains: give a list of at least one domain.")
        return
    if len(domains) > MAX_DOMAINS:
        problems.add(0, f"domains: at most {MAX_DOMAINS} domains.")
        return
    for number, domain in enumerate(domains, start=1):
        if not isinstance(domain, dict):
            problems.add(number, f"domains[{number}]: must be an object with key and label.")
            continue
        key = _text(domain.get("key", ""), f"domains[{number}].key", problems, number)
        label = _text(domain.get("label", ""), f"domains[{number}].label", problems, number)
        if not KEY.fullmatch(key):
            problems.add(
                number, f"domains[{number}].key: use lower-case letters, digits and hyphens."
            )
        elif key in {k for k, _ in parsed.domains}:
            problems.add(number, f"domains[{number}].key: '{key}' is used twice.")
        if not label:
            problems.add(number, f"domains[{number}].label: this field is missing.")
        elif len(label) > DOMAIN_LABEL_MAX:
            problems.add(number, f"domains[{number}].label: at most {DOMAIN_LABEL_MAX} characters.")
        parsed.domains.append((key, label))


def _read_items(doc: dict[str, Any], parsed: Parsed, problems: _Problems) -> None:
    """The items, each in one of the domains already read, and which are reverse scored."""
    items = doc["items"]
    if not isinstance(items, list) or not items:
        problems.add(0, "items: give a list of at least one item.")
        items = []
    elif len(items) > MAX_ITEMS:
        problems.add(0, f"items: at most {MAX_ITEMS} items.")
        items = []
    reverse = doc.get("reverse_scored", [])
    if not isinstance(reverse, list) or not all(isinstance(k, str) for k in reverse):
        problems.add(0, "reverse_scored: must be a list of item keys.")
        reverse = []
    reverse_keys = set(reverse)
    domain_keys = {k for k, _ in parsed.domains}
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.add(number, f"items[{number}]: must be an object with key, domain and text.")
            continue
        key, domain, text = _read_item(number, item, domain_keys, seen, problems)
        seen.add(key)
        parsed.items.append((key, domain, text, key in reverse_keys))
    for key in sorted(reverse_keys - seen)[:20]:
        problems.add(0, f"reverse_scored: '{quoted(key)}' is not the key of any item.")


def _read_item(
    number: int, item: dict[str, Any], domain_keys: set[str], seen: set[str], problems: _Problems
) -> tuple[str, str, str]:
    """One item's key, domain and statement, checked (`seen`: the keys of those before it)."""
    key = _text(item.get("key", ""), f"items[{number}].key", problems, number)
    domain = _text(item.get("domain", ""), f"items[{number}].domain", problems, number)
    text = _text(item.get("text", ""), f"items[{number}].text", problems, number)
    if not KEY.fullmatch(key):
        problems.add(number, f"items[{number}].key: use lower-case letters, digits and hyphens.")
    elif key in seen:
        problems.add(number, f"items[{number}].key: '{key}' is used twice.")
    if domain not in domain_keys:
        problems.add(
            number, f"items[{number}].domain: '{quoted(domain)}' is not one of the domains."
        )
    if not text or len(text) > ITEM_TEXT_MAX:
        problems.add(
            number,
            f"items[{number}].text: give the statement (at most {ITEM_TEXT_MAX} characters).",
        )
    return key, domain, text


def _read_conversion(conversion: object, parsed: Parsed, problems: _Problems) -> None:
    """The table from raw total to metric score, which must cover every possible total."""
    if not isinstance(conversion, dict):
        problems.add(0, "conversion: must map each raw total to a metric score.")
        return
    bad = [
        raw
        for raw, metric in conversion.items()
        if not RAW_TOTAL.fullmatch(raw) or not _number(metric)
    ]
    for raw in bad[:20]:
        problems.add(
            0, f"conversion['{quoted(raw)}']: raw totals are whole numbers, metrics numbers."
        )
    if not bad:
        parsed.conversion = {str(int(raw)): float(metric) for raw, metric in conversion.items()}
    if parsed.conversion and parsed.items:
        low = parsed.scale_min * len(parsed.items)
        high = parsed.scale_max * len(parsed.items)
        missing = [str(t) for t in range(low, high + 1) if str(t) not in parsed.conversion]
        if missing:
            problems.add(0, f"conversion: no metric for raw totals {', '.join(missing[:5])}.")


def _read_norms(norms: object, parsed: Parsed, problems: _Problems) -> None:
    """Published means per domain (on the scale) and of the metric."""
    if not isinstance(norms, dict):
        problems.add(0, "norms: must be an object with domains and/or metric.")
        return
    domain_keys = {k for k, _ in parsed.domains}
    domain_norms = norms.get("domains", {})
    if not isinstance(domain_norms, dict):
        problems.add(0, "norms.domains: must map domain keys to means.")
    else:
        for key, mean in list(domain_norms.items())[: MAX_DOMAINS + 1]:
            if key not in domain_keys:
                problems.add(0, f"norms.domains: '{quoted(key)}' is not one of the domains.")
            elif not _number(mean):
                problems.add(0, f"norms.domains['{key}']: must be a number.")
            elif not parsed.scale_min <= mean <= parsed.scale_max:
                problems.add(
                    0,
                    f"norms.domains['{key}']: a mean on the scale, from "
                    f"{parsed.scale_min} to {parsed.scale_max}.",
                )
    metric = norms.get("metric")
    if metric is not None and not _number(metric):
        problems.add(0, "norms.metric: must be a number.")
    parsed.norms = norms


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
    _check_csv_details(parsed, problems)
    labels_by_domain: dict[str, str] = {}
    seen: set[str] = set()
    for line, row in csv_rows(data, required=CSV_COLUMNS, max_bytes=MAX_BYTES):
        if len(parsed.items) == MAX_ITEMS:
            problems.add(line, f"The file has more than {MAX_ITEMS} items.")
            break
        item_key, domain_key = row["item_key"], row["domain_key"]
        if not KEY.fullmatch(item_key):
            problems.add(line, "item_key: use lower-case letters, digits and hyphens.")
        elif item_key in seen:
            problems.add(line, f"item_key: '{item_key}' is used twice.")
        seen.add(item_key)
        if not KEY.fullmatch(domain_key):
            problems.add(line, "domain_key: use lower-case letters, digits and hyphens.")
        label = row["domain_label"]
        if len(label) > DOMAIN_LABEL_MAX:
            problems.add(line, f"domain_label: at most {DOMAIN_LABEL_MAX} characters.")
        elif domain_key not in labels_by_domain:
            if not label:
                problems.add(line, "domain_label: give the domain's name on its first row.")
            elif len(labels_by_domain) == MAX_DOMAINS:
                problems.add(line, f"domain_key: at most {MAX_DOMAINS} domains.")
            labels_by_domain[domain_key] = label
        elif label and label != labels_by_domain[domain_key]:
            problems.add(
                line,
                f"domain_label: '{quoted(domain_key)}' was called "
                f"'{quoted(labels_by_domain[domain_key])}' earlier.",
            )
        if not row["text"] or len(row["text"]) > ITEM_TEXT_MAX:
            problems.add(line, f"text: give the statement (at most {ITEM_TEXT_MAX} characters).")
        flag = row["reverse_scored"].lower()
        if flag not in YES | NO:
            problems.add(line, "reverse_scored: write yes or no.")
        parsed.items.append((item_key, domain_key, row["text"], flag in YES))
    if not parsed.items and not problems.found:
        problems.add(0, "The file has no items.")
    parsed.domains = list(labels_by_domain.items())
    problems.raise_if_any()
    return parsed


def _check_csv_details(parsed: Parsed, problems: _Problems) -> None:
    """The key, name and scale given in the form beside a CSV file."""
    scale_min, scale_max, labels = parsed.scale_min, parsed.scale_max, parsed.scale_labels
    if not KEY.fullmatch(parsed.key):
        problems.add(0, "key: use lower-case letters, digits and hyphens (at most 60).")
    if not parsed.name or len(parsed.name) > NAME_MAX:
        problems.add(0, f"name: give the instrument a name of at most {NAME_MAX} characters.")
    if not 0 <= scale_min < scale_max <= 10:
        problems.add(0, "scale: the lowest point must be below the highest, both from 0 to 10.")
    elif len(labels) != scale_max - scale_min + 1 or any(
        len(label) > SCALE_LABEL_MAX for label in labels
    ):
        problems.add(
            0,
            f"scale labels: give one label of at most {SCALE_LABEL_MAX} characters for each "
            f"of the {scale_max - scale_min + 1} points.",
        )


def _survey_key(organisation: Organisation, key: str) -> str:
    """The instrument's key for its survey, or the key with a number if the organisation
    already has a survey of that key (one it wrote itself, named the same)."""
    candidate, n = key, 1
    while Survey.objects.filter(organisation=organisation, key=candidate).exists():
        n += 1
        candidate = f"{key[:54]}-{n}"
    return candidate


def _checked(obj: models.Model) -> None:
    """The database's limits, checked by Django before it is asked (keys and uniqueness
    were checked while parsing)."""
    related = [f.name for f in obj._meta.fields if f.is_relation]  # made here, not chosen
    try:
        obj.full_clean(exclude=related, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        messages = [
            f"{type(obj).__name__.lower()} {name}: {message}"
            for name, found in error.message_dict.items()
            for message in found
        ]
        raise ImportRejected([ImportProblem(0, m) for m in messages[:20]]) from None


def instrument_import(*, organisation: Organisation, parsed: Parsed) -> Survey:
    """Store a checked instrument and a survey of all its items, all or nothing."""
    if Instrument.objects.filter(organisation=organisation, key=parsed.key).exists():
        raise ImportRejected(
            [ImportProblem(0, f"key: your organisation already has an instrument '{parsed.key}'.")]
        )
    try:
        return _instrument_store(organisation=organisation, parsed=parsed)
    except IntegrityError:  # the same key imported at the same moment by someone else
        raise ImportRejected(
            [ImportProblem(0, f"key: your organisation already has an instrument '{parsed.key}'.")]
        ) from None


@transaction.atomic
def _instrument_store(*, organisation: Organisation, parsed: Parsed) -> Survey:
    instrument = Instrument(
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
    _checked(instrument)
    instrument.save()
    domains = {}
    for i, (key, label) in enumerate(parsed.domains):
        domain = Domain(instrument=instrument, key=key, label=label, position=i)
        _checked(domain)
        domain.save()
        domains[key] = domain
    new_items = [
        Item(
            instrument=instrument,
            domain=domains[domain],
            key=key,
            text=text,
            reverse_scored=reverse,
            position=i,
        )
        for i, (key, domain, text, reverse) in enumerate(parsed.items)
    ]
    for item in new_items:
        _checked(item)
    items = Item.objects.bulk_create(new_items)
    survey = Survey(
        organisation=organisation,
        instrument=instrument,
        key=_survey_key(organisation, parsed.key),
        name=parsed.name,
        kind=Survey.Kind.STAFF,
    )
    _checked(survey)
    survey.save()
    survey.items.set(items)
    return survey
