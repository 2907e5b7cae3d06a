"""Move every stored authenticator secret to the current PORTAL_MFA_KEY (after a rotation,
or after setting PORTAL_MFA_KEY for the first time). Safe to run twice, and while people
sign in: each row is locked while it is rewritten."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wellbeing_portal.people.mfa_adapter import (
    SECRET_FIELDS,
    MFASecretUnreadable,
    data_rekeyed,
    open_secret,
)


def _needs_rekey(authenticator: Authenticator) -> bool:
    for name in SECRET_FIELDS.get(authenticator.type, ()):
        value = authenticator.data.get(name)
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and open_secret(v)[1] != 0 for v in values):
            return True
    return False


class Command(BaseCommand):
    help = (
        "Re-encrypt every authenticator secret (TOTP secrets, recovery code seeds) under "
        "the current PORTAL_MFA_KEY. With --check, only say how many are not under it yet."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; exit with status 1 if any secret is not under the current key.",
        )

    def handle(self, *args: Any, check: bool, **options: Any) -> None:
        ids = list(
            Authenticator.objects.filter(type__in=list(SECRET_FIELDS))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        moved = unreadable = 0
        for pk in ids:
            with transaction.atomic():
                row = Authenticator.objects.select_for_update().filter(pk=pk).first()
                if row is None:
                    continue  # removed meanwhile
                try:
                    if check:
                        moved += _needs_rekey(row)
                        continue
                    data = data_rekeyed(row.type, row.data)
                except MFASecretUnreadable:
                    unreadable += 1
                    self.stderr.write(f"Authenticator {pk}: no key opens its secret.")
                    continue
                if data is not row.data:
                    row.data = data
                    row.save(update_fields=["data"])
                    moved += 1
        verb = "not under the current key" if check else "moved to the current key"
        self.stdout.write(f"mfa_rekey: {len(ids)} authenticators, {moved} {verb}.")
        if unreadable:
            raise CommandError(
                f"{unreadable} authenticator(s) could not be opened with PORTAL_MFA_KEY or "
                "PORTAL_MFA_KEY_FALLBACKS: put the old key back in the fallbacks."
            )
        if check and moved:
            raise CommandError(f"{moved} authenticator(s) still need `manage.py mfa_rekey`.")
