"""The governor report's inspection figures agree with the record they come from, and
the request form starts on a term that has something in it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from inspections import services
from inspections.models import Contact, ExpectedContact, Inspection
from inspections.report_section import inspection_report
from reports.periods import recent_periods, term_of
from wellbeing_portal.core.registry import ReportScope

from ..clock import london
from ..conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

MONDAY = dt.date(2026, 11, 23)


def _contact(inspection: Inspection, when: dt.datetime, starts: str = "") -> None:
    item = (
        inspection.expected_contacts.filter(step__description__startswith=starts).first()
        if starts
        else None
    )
    services.contact_log(
        inspection=inspection,
        by=inspection.logged_by,
        happened_at=when,
        with_whom=inspection.head.full_name,
        channel="phone",
        phase=item.step.phase if item else "before",
        answers=item,
    )


def _over(world: World) -> Inspection:
    """Called on Monday, inspected Tuesday and Wednesday, over on Thursday: four
    contacts logged, two on time (one early), one late and one not on the protocol."""
    officer = world.user("link_officer")
    with time_machine.travel(london(MONDAY, 10, 5), tick=False):
        inspection = services.inspection_log(
            school=world.school,
            logged_by=officer,
            call_received_at=london(MONDAY, 10, 0),
            expected_start=dt.date(2026, 11, 24),
        )
    with time_machine.travel(london(MONDAY, 17), tick=False):
        _contact(inspection, london(MONDAY, 10, 45), "Acknowledge")  # due 12:00
        _contact(inspection, london(MONDAY, 16, 30), "Agree between")  # due 13:00
        _contact(inspection, london(MONDAY, 16, 45))  # a call the protocol does not list
        services.inspection_phase_set(inspection=inspection, phase="before")
    with time_machine.travel(london(dt.date(2026, 11, 26), 9, 30), tick=False):
        services.inspection_phase_set(inspection=inspection, phase="during")
        services.inspection_phase_set(inspection=inspection, phase="after")
        # Done days before it is due: made, and on time.
        _contact(inspection, london(dt.date(2026, 11, 26), 9), "Complete the feedback")
    return inspection


def test_the_inspection_figures_agree_with_the_record(world: World) -> None:
    inspection = _over(world)
    now = london(dt.date(2026, 11, 26), 12)
    with time_machine.travel(now, tick=False):
        term = term_of(now.date())
        scope = ReportScope(
            organisation=world.trust,
            school=world.school,
            schools=(world.school,),
            starts_on=term.starts_on,
            ends_on=term.ends_on,
            today=now.date(),
        )
        (line,) = inspection_report(scope)
    # The same figures, counted from the record itself.
    items = ExpectedContact.objects.filter(inspection=inspection)
    made = items.filter(done_at__isnull=False)
    due = items.filter(due_at__lte=now) | made
    times = [(i.done_at, i.due_at) for i in made if i.done_at is not None]
    on_time = [done for done, due in times if due is None or done <= due]
    late = [done for done, due in times if due is not None and done > due]
    assert line.logged == Contact.objects.filter(inspection=inspection).count() == 4
    assert line.expected == due.distinct().count()
    assert line.on_time == len(on_time) == 2
    assert line.late == len(late) == 1
    # Something was due and never done: the agreement with the head at 14:00 on Monday.
    assert line.expected > line.on_time + line.late


def test_on_2_december_the_form_starts_on_the_autumn_term(world: World, client) -> None:
    with time_machine.travel(london(dt.date(2026, 12, 2), 10), tick=False):
        client.force_login(world.user("chair"))
        page = client.get(reverse("reports:new")).content.decode()
        autumn = recent_periods(timezone.localdate())[0]
    checked = re.findall(r'<input[^>]*name="period"[^>]*value="([^"]*)"[^>]*checked', page)
    assert checked == [autumn.key] == ["2026-autumn"]


def test_the_form_offers_the_latest_term_with_data_when_the_current_has_none() -> None:
    from reports.periods import period_to_offer

    periods = recent_periods(dt.date(2026, 12, 2))
    assert period_to_offer(periods, []).key == "2026-autumn"
    assert period_to_offer(periods, [dt.date(2026, 3, 20)]).key == "2026-spring"
    both = [dt.date(2026, 3, 20), dt.date(2026, 11, 20)]
    assert period_to_offer(periods, both).key == "2026-autumn"
