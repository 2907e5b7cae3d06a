"""Load (or refresh) the portal's own question bank. Safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from surveys.services import bank_load


class Command(BaseCommand):
    help = "Load the portal's own survey question bank (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        surveys = bank_load()
        self.stdout.write(f"Loaded {len(surveys)} surveys from the portal's question bank.")
