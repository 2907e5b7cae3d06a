"""Shared resources: moderated before anyone else sees them; 'this helped me' once each."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from support_directory import selectors, services
from support_directory.models import HelpedMark, SharedResource

from ..conftest import World

pytestmark = pytest.mark.django_db


def _share(world: World, **fields: Any) -> SharedResource:
    data: dict[str, Any] = {
        "title": "A good coach",
        "description": "She helped me.",
        "url": "https://example.org/coach",
        **fields,
    }
    return services.resource_share(
        author=world.user("headteacher"), organisation=world.trust, **data
    )


def test_an_unmoderated_resource_is_seen_only_by_its_author_and_the_lead(world: World) -> None:
    resource = _share(world)
    for role, sees in (
        ("headteacher", True),
        ("wellbeing_lead", True),
        ("school_leader", False),
        ("staff", False),
        ("senior_officer", False),
        ("other_org_lead", False),
    ):
        assert (resource in selectors.resources_visible_to(world.user(role))) is sees, role
    services.resource_moderate(
        resource=resource, approve=True, moderator=world.user("wellbeing_lead")
    )
    assert resource in selectors.resources_visible_to(world.user("staff"))
    assert resource not in selectors.resources_visible_to(world.user("other_org_lead"))


def test_a_rejected_resource_stays_hidden(world: World) -> None:
    resource = _share(world)
    services.resource_moderate(
        resource=resource, approve=False, moderator=world.user("wellbeing_lead")
    )
    assert resource not in selectors.resources_visible_to(world.user("school_leader"))


def test_this_helped_me_counts_once_per_person(world: World, client) -> None:
    resource = _share(world)
    with pytest.raises(ValidationError):
        services.resource_mark_helped(resource=resource, user=world.user("staff"))
    services.resource_moderate(
        resource=resource, approve=True, moderator=world.user("wellbeing_lead")
    )
    assert services.resource_mark_helped(resource=resource, user=world.user("staff")) is True
    assert services.resource_mark_helped(resource=resource, user=world.user("staff")) is False
    client.force_login(world.user("governor"))
    client.post(reverse("support_directory:resource_helped", kwargs={"pk": resource.pk}))
    assert HelpedMark.objects.count() == 2
    page = client.get(reverse("support_directory:resources")).content.decode()
    assert "Helped 2 people" in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.pdf", b"MZ\x90\x00", "not a real .pdf"),
        ("big.pdf", b"%PDF-1.7" + b"0" * (10 * 1024 * 1024), "smaller than 10 MB"),
    ],
)
def test_a_disguised_or_oversized_file_is_refused_and_nothing_stored(
    world: World, settings, tmp_path, name: str, content: bytes, message: str
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    with pytest.raises(ValidationError, match=message):
        _share(world, url="", file=io.BytesIO(content), file_name=name)
    assert not SharedResource.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_a_link_and_a_file_together_are_refused(world: World) -> None:
    with pytest.raises(ValidationError, match="one of them"):
        _share(world, file=io.BytesIO(b"%PDF-1.7"), file_name="a.pdf")
    assert not SharedResource.objects.exists()


def test_only_the_organisations_lead_moderates(world: World, client) -> None:
    resource = _share(world)
    url = reverse("support_directory:resource_moderate", kwargs={"pk": resource.pk})
    client.force_login(world.user("headteacher"))  # the author cannot approve their own
    assert client.post(url, {"decision": "approve"}).status_code == 404
    client.force_login(world.user("wellbeing_lead"))
    assert client.post(url, {"decision": "approve"}).status_code == 302
    resource.refresh_from_db()
    assert resource.status == SharedResource.Status.APPROVED
