"""A person's own data: what they gave or wrote, nothing of others, no survey answers."""

from __future__ import annotations

import json
from typing import Any

from django.urls import reverse

from charters.models import Pledge

from ..conftest import World


def _download(client: Any) -> dict[str, Any]:
    response = client.get(reverse("privacy:my_data_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data: dict[str, Any] = json.loads(response.content)
    return data


def test_the_export_holds_the_persons_own_data(rich_world: World, client: Any) -> None:
    head = rich_world.user("headteacher")
    Pledge.objects.create(
        charter=rich_world.charters["charter"], commitment_key=rich_world.charters["key"], user=head
    )
    client.force_login(head)
    data = _download(client)
    assert data["profile"]["email"] == "headteacher@example.org"
    assert [r["place"] for r in data["roles"]] == ["Alpha Primary"]
    assert [a["title"] for a in data["charter_actions_owned"]] == ["An action"]
    assert [p["commitment"] for p in data["pledges"]] == [rich_world.charters["key"]]
    assert [c["description"] for c in data["inspection_concerns_raised"]] == [
        "The timetable changed twice."
    ]
    assert [(p["buddy"], p["head"]) for p in data["buddy_pairings"]] == [
        ("Bea Buddy", head.full_name)
    ]
    assert [r["title"] for r in data["shared_resources_written"]] == ["Shared notes"]
    assert "no link to any person" in data["survey_answers"]
    text = json.dumps(data)
    for other in ("staff", "link_officer", "wellbeing_lead", "chair"):
        assert f"{other}@example.org" not in text


def test_the_export_holds_nothing_of_others(rich_world: World, client: Any) -> None:
    client.force_login(rich_world.user("staff"))
    data = _download(client)
    assert data["profile"]["email"] == "staff@example.org"
    text = json.dumps(data)
    assert "The timetable changed twice." not in text
    assert "An action" not in text
    assert "Headteacher Tester" not in text
    assert data["charter_actions_owned"] == data["buddy_pairings"] == []


def test_the_page_summarises_and_offers_the_download(rich_world: World, client: Any) -> None:
    client.force_login(rich_world.user("headteacher"))
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "headteacher@example.org" in page
    assert reverse("privacy:my_data_json") in page
    assert "no link to any person" in page


def test_the_notice_states_the_retention_periods_in_force(
    client: Any, settings: Any, db: None
) -> None:
    settings.PORTAL_RETAIN_INSPECTION_NOTES_DAYS = 777
    settings.PORTAL_RETAIN_OUTBOX_BODY_DAYS = 33
    page = client.get(reverse("core:privacy")).content.decode()
    assert "removed 777 days after the report" in page
    assert "removed 33 days after sending" in page
    assert reverse("privacy:my_data") in page
