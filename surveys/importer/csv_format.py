"""Reading an instrument's items from a CSV file, its key, name and scale from the form."""

from __future__ import annotations

from wellbeing_portal.core.csv_import import csv_rows, quoted

from .checks import (
    CSV_COLUMNS,
    DOMAIN_LABEL_MAX,
    ITEM_TEXT_MAX,
    KEY,
    MAX_BYTES,
    MAX_DOMAINS,
    MAX_ITEMS,
    NAME_MAX,
    NO,
    SCALE_LABEL_MAX,
    YES,
    Parsed,
    Problems,
)


def parse_csv(
    data: bytes, *, key: str, name: str, scale_min: int, scale_max: int, labels: list[str]
) -> Parsed:
    """Read items from a CSV with the columns item_key, domain_key, domain_label, text,
    reverse_scored; the scale comes from the form. Raises ImportRejected naming every problem."""
    problems = Problems()
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


def _check_csv_details(parsed: Parsed, problems: Problems) -> None:
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
