"""Load Ofsted's November 2025 framework and the default feedback forms, as data."""

from django.db import migrations

from inspections import protocol_defaults


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    protocol_defaults.install_framework_and_forms(apps)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0002_protocol_timeline_concerns_outcomes")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
