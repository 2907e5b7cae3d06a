"""Encrypt the authenticator secrets stored in the clear before the portal's MFA adapter
(wellbeing_portal/people/mfa_adapter.py), under the current key. Reversible, for a
rollback to code that cannot read them."""

from django.db import migrations


def encrypt(apps, schema_editor):
    from wellbeing_portal.people.mfa_adapter import data_rekeyed

    Authenticator = apps.get_model("mfa", "Authenticator")
    # Locked until the migration commits: a recovery code used meanwhile is not undone.
    rows = Authenticator.objects.select_for_update().filter(type__in=["totp", "recovery_codes"])
    for authenticator in rows:
        data = data_rekeyed(authenticator.type, authenticator.data)
        if data is not authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def decrypt(apps, schema_editor):
    from wellbeing_portal.people.mfa_adapter import SECRET_FIELDS, decrypt_secret

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=["totp", "recovery_codes"]):
        data = dict(authenticator.data)
        for name in SECRET_FIELDS.get(authenticator.type, ()):
            value = data.get(name)
            if isinstance(value, str):
                data[name] = decrypt_secret(value)
            elif isinstance(value, list):
                data[name] = [decrypt_secret(v) for v in value]
        authenticator.data = data
        authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
