"""Get help now on a phone, and the lead's wave page before opening, with axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test.client import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from ..conftest import World
from ..surveys.factories import CLOSES, OPENS, bank_survey, open_wave
from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

NO_OVERFLOW = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def test_a_distressed_person_reaches_help_without_signing_in(phone: Page, live_server: Any) -> None:
    phone.goto(live_server.url + reverse("core:help_now"))
    expect(phone.get_by_role("heading", name="Get help now")).to_be_visible()
    main = phone.locator("main")
    expect(main.get_by_role("link", name="116 123")).to_have_attribute("href", "tel:116123")
    assert phone.evaluate(NO_OVERFLOW)
    assert_accessible(phone, "help-now-phone")


def test_the_lead_previews_a_wave_on_a_phone(
    phone: Page, live_server: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from surveys import services
    from wellbeing_portal.outbox import services as outbox_services

    monkeypatch.setattr(outbox_services, "_trigger_send", lambda: None)
    settings.PORTAL_REQUIRE_MFA = False
    open_wave(organisation=world.trust, schools=[world.school], title="Autumn survey")
    wave = services.wave_create(
        organisation=world.trust,
        survey=bank_survey(),
        title="Spring pulse",
        schools=[world.school, world.sibling_school],
        roles=["staff"],
        opens_on=OPENS,
        closes_on=CLOSES,
    )
    client = Client()
    client.force_login(world.user("wellbeing_lead"))
    phone.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    phone.goto(live_server.url + reverse("surveys:wave_detail", kwargs={"pk": wave.pk}))
    expect(phone.get_by_text("1 person at Alpha Primary is already invited")).to_be_visible()
    expect(phone.get_by_role("heading", name="The email they will get")).to_be_visible()
    expect(phone.get_by_text("Dear Sam Taylor,")).to_be_visible()
    assert phone.evaluate(NO_OVERFLOW)
    assert_accessible(phone, "wave-preview-phone")
