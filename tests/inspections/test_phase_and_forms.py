"""Issue #19 for officers and heads: the phase cannot run ahead of the inspection, the
contact form starts from what is known (no blank radio, the phase, the head's name),
and logging a call already logged leads to its record."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from inspections import services
from inspections.models import Inspection

from ..clock import london
from ..conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

MONDAY = dt.date(2026, 11, 23)
TUESDAY = dt.date(2026, 11, 24)  # the first inspection day


def _logged(world: World) -> Inspection:
    with time_machine.travel(london(MONDAY, 10, 5), tick=False):
        return services.inspection_log(
            school=world.school,
            logged_by=world.user("headteacher"),
            call_received_at=london(MONDAY, 10, 0),
            expected_start=TUESDAY,
        )


def _phase(inspection: Inspection) -> str:
    return Inspection.objects.values_list("phase", flat=True).get(pk=inspection.pk)


def test_the_phase_waits_for_the_first_day_and_after_waits_for_during(world: World) -> None:
    inspection = _logged(world)
    with time_machine.travel(london(MONDAY, 16), tick=False):
        services.inspection_phase_set(inspection=inspection, phase="before")
        with pytest.raises(ValidationError, match="starts on Tuesday 24 November"):
            services.inspection_phase_set(inspection=inspection, phase="during")
        assert _phase(inspection) == "before"
        with pytest.raises(ValidationError, match="one phase at a time"):
            services.inspection_phase_set(inspection=inspection, phase="after")
        assert _phase(inspection) == "before"
    with time_machine.travel(london(TUESDAY, 8, 30), tick=False):
        assert services.inspection_phase_set(inspection=inspection, phase="during").phase == (
            "during"
        )
        # Deferred while under way: Ofsted gave a new start, so it cannot be over yet.
        services.inspection_details_save(inspection=inspection, expected_start=dt.date(2026, 12, 1))
        with pytest.raises(ValidationError, match="cannot be over before then"):
            services.inspection_phase_set(inspection=inspection, phase="after")
        assert _phase(inspection) == "during"
    with time_machine.travel(london(dt.date(2026, 12, 2), 9), tick=False):
        assert services.inspection_phase_set(inspection=inspection, phase="after").phase == "after"


def test_the_record_page_says_when_the_phase_can_move_and_a_post_changes_nothing(
    world: World, client
) -> None:
    inspection = _logged(world)
    with time_machine.travel(london(MONDAY, 16), tick=False):
        services.inspection_phase_set(inspection=inspection, phase="before")
        client.force_login(world.user("link_officer"))
        page = client.get(reverse("inspections:detail", kwargs={"pk": inspection.pk}))
        text = page.content.decode()
        assert 'id="next-phase-hint"' in text and "Move to: during" not in text
        response = client.post(
            reverse("inspections:phase", kwargs={"pk": inspection.pk}),
            {"phase": "during"},
            follow=True,
        )
    assert "starts on Tuesday 24 November" in response.content.decode()
    assert _phase(inspection) == "before"


def _checked(page: str, name: str) -> list[str]:
    return re.findall(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"[^>]*checked', page) + (
        re.findall(rf'<input[^>]*checked[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    )


def test_the_contact_form_has_no_blank_radio_and_starts_from_the_record(
    world: World, client
) -> None:
    inspection = _logged(world)
    with time_machine.travel(london(TUESDAY, 12), tick=False):
        services.inspection_phase_set(inspection=inspection, phase="before")
        services.inspection_phase_set(inspection=inspection, phase="during")
        client.force_login(world.user("link_officer"))
        url = reverse("inspections:contact_new", kwargs={"pk": inspection.pk})
        page = client.get(url).content.decode()
        after_item = inspection.expected_contacts.filter(step__phase="after").first()
        assert after_item is not None
        answering = client.get(url, {"item": after_item.pk}).content.decode()
    assert "---------" not in page
    assert 'value=""' not in " ".join(re.findall(r'<input[^>]*type="radio"[^>]*>', page))
    assert _checked(page, "phase") == ["during"]
    assert f'value="{world.user("headteacher").full_name}"' in page
    assert _checked(answering, "phase") == ["after"]


def test_logging_a_call_already_logged_leads_to_the_record(world: World, client) -> None:
    inspection = _logged(world)
    record = reverse("inspections:detail", kwargs={"pk": inspection.pk})
    with time_machine.travel(london(MONDAY, 11), tick=False):
        client.force_login(world.user("headteacher"))
        assert record in client.get(reverse("inspections:notify")).content.decode()
        response = client.post(
            reverse("inspections:notify"),
            {
                "school": world.school.pk,
                "call_received_at": "2026-11-23T10:30",
                "inspection_type": "full",
                "expected_start": "2026-11-24",
                "expected_days": "2",
            },
        )
    assert response.status_code == 400
    text = response.content.decode()
    assert "already has an inspection logged" in text and record in text
    assert Inspection.objects.filter(school=world.school).count() == 1


def test_what_happens_now_names_the_heads_officers(world: World, client) -> None:
    inspection = _logged(world)
    with time_machine.travel(london(MONDAY, 11), tick=False):
        client.force_login(world.user("headteacher"))
        page = client.get(reverse("inspections:what_now", kwargs={"pk": inspection.pk}))
    text = " ".join(page.content.decode().split())
    officer, senior = world.user("link_officer"), world.user("senior_officer")
    assert f"<strong>{officer.full_name}</strong>, your link officer:" in text
    assert f"<strong>{senior.full_name}</strong>, senior officer:" in text
