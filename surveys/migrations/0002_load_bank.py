"""Load the portal's own question bank, so that every installation has it after migrate.

Uses the historical models with the data in surveys/bank.py (`bank.install` takes the
migration's app registry);
`manage.py surveys_load_bank` (services.bank_load) refreshes it after the wording changes.
"""

from django.db import migrations


def load_bank(apps, schema_editor):
    from surveys import bank

    bank.install(apps)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(load_bank, migrations.RunPython.noop)]
