"""Send what is due in the outbox: once, or every N seconds (the demo's stand-in for beat)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from wellbeing_portal.outbox.services import outbox_send_due


class Command(BaseCommand):
    help = "Send due outbox emails once, or repeatedly with --every SECONDS."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=int, default=0, help="Repeat every N seconds.")

    def handle(self, *args: Any, every: int, **options: Any) -> None:
        while True:
            report = outbox_send_due()
            if report.sent or report.retried or report.failed or not every:
                self.stdout.write(
                    f"outbox: sent {report.sent}, retrying {report.retried}, failed {report.failed}"
                )
            if not every:
                return
            time.sleep(every)
