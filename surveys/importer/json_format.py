"""Reading an instrument from its JSON file (docs/survey-instrument-format.md)."""

from __future__ import annotations

import json
from typing import Any

from wellbeing_portal.core.csv_import import ImportProblem, ImportRejected, quoted

from .checks import (
    DESCRIPTION_MAX,
    DOMAIN_LABEL_MAX,
    ITEM_TEXT_MAX,
    KEY,
    MAX_BYTES,
    MAX_DOMAINS,
    MAX_ITEMS,
    NAME_MAX,
    RAW_TOTAL,
    SCALE_LABEL_MAX,
    Parsed,
    Problems,
    is_number,
    read_int,
    read_text,
    storable,
    strings_in,
)


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(data: bytes) -> Parsed:
    """Read and check an instrument file in JSON. Raises ImportRejected naming every problem."""
    doc = _json_document(data)
    problems = Problems()
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
    if not all(storable(text) for text in strings_in(doc)):
        raise ImportRejected(
            [
                ImportProblem(
                    0, "The file holds a character that cannot be stored (NUL, or half a pair)."
                )
            ]
        )
    return doc


def _read_names(doc: dict[str, Any], parsed: Parsed, problems: Problems) -> None:
    parsed.key = read_text(doc["key"], "key", problems)
    if not KEY.fullmatch(parsed.key):
        problems.add(0, "key: use lower-case letters, digits and hyphens (at most 60).")
    parsed.name = read_text(doc["name"], "name", problems)
    if not parsed.name or len(parsed.name) > NAME_MAX:
        problems.add(0, f"name: give the instrument a name of at most {NAME_MAX} characters.")
    parsed.description = read_text(doc.get("description", ""), "description", problems)
    if len(parsed.description) > DESCRIPTION_MAX:
        problems.add(0, f"description: at most {DESCRIPTION_MAX} characters.")


def _read_scale(scale: object, parsed: Parsed, problems: Problems) -> None:
    if not isinstance(scale, dict):
        problems.add(0, "scale: must be an object with min, max and labels.")
        return
    low = read_int(scale.get("min"), "scale.min", problems)
    high = read_int(scale.get("max"), "scale.max", problems)
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
    fav_int = read_int(fav, "scale.favourable_from", problems)
    if fav_int is not None and not low <= fav_int <= high:
        problems.add(0, "scale.favourable_from: must be a point on the scale.")
    elif fav_int is not None:
        parsed.favourable_from = fav_int


def _read_domains(domains: object, parsed: Parsed, problems: Problems) -> None:
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
        key = read_text(domain.get("key", ""), f"domains[{number}].key", problems, number)
        label = read_text(domain.get("label", ""), f"domains[{number}].label", problems, number)
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


def _read_items(doc: dict[str, Any], parsed: Parsed, problems: Problems) -> None:
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
    number: int, item: dict[str, Any], domain_keys: set[str], seen: set[str], problems: Problems
) -> tuple[str, str, str]:
    """One item's key, domain and statement, checked (`seen`: the keys of those before it)."""
    key = read_text(item.get("key", ""), f"items[{number}].key", problems, number)
    domain = read_text(item.get("domain", ""), f"items[{number}].domain", problems, number)
    text = read_text(item.get("text", ""), f"items[{number}].text", problems, number)
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


def _read_conversion(conversion: object, parsed: Parsed, problems: Problems) -> None:
    """The table from raw total to metric score, which must cover every possible total."""
    if not isinstance(conversion, dict):
        problems.add(0, "conversion: must map each raw total to a metric score.")
        return
    bad = [
        raw
        for raw, metric in conversion.items()
        if not RAW_TOTAL.fullmatch(raw) or not is_number(metric)
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


def _read_norms(norms: object, parsed: Parsed, problems: Problems) -> None:
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
            elif not is_number(mean):
                problems.add(0, f"norms.domains['{key}']: must be a number.")
            elif not parsed.scale_min <= mean <= parsed.scale_max:
                problems.add(
                    0,
                    f"norms.domains['{key}']: a mean on the scale, from "
                    f"{parsed.scale_min} to {parsed.scale_max}.",
                )
    metric = norms.get("metric")
    if metric is not None and not is_number(metric):
        problems.add(0, "norms.metric: must be a number.")
    parsed.norms = norms
