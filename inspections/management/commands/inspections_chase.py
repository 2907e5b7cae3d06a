"""Remind about overdue protocol contacts and escalate them: once, or every N seconds
(the demo's stand-in for the beat task `inspection-timeline-chase`)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from inspections.timeline import timeline_chase


class Command(BaseCommand):
    help = "Queue reminders and escalations for overdue inspection contacts."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=int, default=0, help="Repeat every N seconds.")

    def handle(self, *args: Any, every: int, **options: Any) -> None:
        while True:
            reminded, escalated = timeline_chase()
            if reminded or escalated or not every:
                self.stdout.write(f"inspections: reminded {reminded}, escalated {escalated}")
            if not every:
                return
            time.sleep(every)
