"""Storing a checked instrument, with a survey of all its items, all or nothing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from wellbeing_portal.core.csv_import import ImportProblem, ImportRejected
from wellbeing_portal.people.models import Organisation

from ..models import Domain, Instrument, Item, Survey
from .checks import Parsed


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
