"""Build the demo: organisations, schools, people, charters, the directory, survey waves
and an inspection under way. Safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from charters.services import charter_reminders_queue
from demo.charters import seed_charters
from demo.inspections import seed_inspections
from demo.large import seed_large
from demo.people import DEMO_LOGINS, DEMO_PASSWORD, seed_people
from demo.support_directory import seed_buddies, seed_services
from demo.surveys import seed_surveys


class Command(BaseCommand):
    help = "Create (or top up) the demo trust, local authority, schools and people."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=("demo", "large"),
            default="demo",
            help="large: also build an organisation of 200 schools and 20,000 staff with "
            "10 survey waves and 500 inspections, with bulk inserts (for `make bench`).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = seed_people()
        counts["charters"] = seed_charters()
        counts["support services"] = seed_services()
        counts["buddy offers"] = seed_buddies()
        counts["inspections"] = seed_inspections()
        counts["survey waves"] = seed_surveys()
        # Beat queues reminders each morning; the demo queues today's at once, so that
        # they are in the demo mailbox from the start.
        counts["reminders queued"] = charter_reminders_queue()
        if options.get("scale") == "large":
            counts.update(seed_large(password=DEMO_PASSWORD, say=self.stdout.write))
        self.stdout.write("Demo ready: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
        self.stdout.write(f"Every demo login uses the password: {DEMO_PASSWORD}")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.email:36} {login.what}")
