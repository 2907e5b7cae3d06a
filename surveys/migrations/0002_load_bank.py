"""Load the portal's own question bank, so that every installation has it after migrate.

Uses the historical models with the data in surveys/bank.py (pure data, no model code);
`manage.py surveys_load_bank` (services.bank_load) refreshes it after the wording changes.
"""

from django.db import migrations


def load_bank(apps, schema_editor):
    from surveys import bank

    Instrument = apps.get_model("surveys", "Instrument")
    Domain = apps.get_model("surveys", "Domain")
    Item = apps.get_model("surveys", "Item")
    Survey = apps.get_model("surveys", "Survey")
    for key, name, description, domains, items, survey_key, survey_name, kind in bank.BANK:
        instrument, _ = Instrument.objects.update_or_create(
            organisation=None,
            key=key,
            defaults={
                "name": name,
                "description": description,
                "source": "bank",
                "scale_min": 1,
                "scale_max": 5,
                "scale_labels": bank.AGREEMENT,
                "favourable_from": 4,
            },
        )
        by_key = {}
        for position, (domain_key, label) in enumerate(domains):
            by_key[domain_key], _ = Domain.objects.update_or_create(
                instrument=instrument, key=domain_key, defaults={"label": label, "position": position}
            )
        rows = []
        for position, (item_key, domain_key, area, text, reverse) in enumerate(items):
            item, _ = Item.objects.update_or_create(
                instrument=instrument,
                key=item_key,
                defaults={
                    "domain": by_key[domain_key],
                    "area": area,
                    "text": text,
                    "reverse_scored": reverse,
                    "position": position,
                },
            )
            rows.append(item)
        survey, _ = Survey.objects.update_or_create(
            organisation=None,
            key=survey_key,
            defaults={"instrument": instrument, "name": survey_name, "kind": kind},
        )
        survey.items.set(rows)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(load_bank, migrations.RunPython.noop)]
