"""Get help now: a page anyone reaches without signing in, from the survey's closing page."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from wellbeing_portal.core.support import NATIONAL_SUPPORT_LINES

from ..conftest import World

pytestmark = pytest.mark.django_db


def test_anyone_sees_every_helpline_as_a_link_a_phone_can_act_on(client: Any) -> None:
    page = client.get(reverse("core:help_now"))
    assert page.status_code == 200
    html = page.content.decode()
    for line in NATIONAL_SUPPORT_LINES:
        assert f'href="{line.href}"' in html, line.name
    assert 'href="tel:999"' in html
    assert "What else you can do now" in html
    # Nobody signed in: no link to a page that would ask them to sign in.
    assert reverse("support_directory:index") not in html


def test_signed_in_people_also_get_the_support_directory(client: Any, world: World) -> None:
    client.force_login(world.user("staff"))
    html = client.get(reverse("core:help_now")).content.decode()
    assert f'href="{reverse("support_directory:index")}"' in html


def _distress_block(user: Any) -> str:
    request: Any = RequestFactory().get("/")
    request.user = user
    return render_to_string("surveys/_distress.html", request=request)


def test_the_distress_block_points_everyone_to_help_they_can_open(world: World) -> None:
    anonymous = _distress_block(AnonymousUser())
    assert f'href="{reverse("core:help_now")}"' in anonymous
    assert reverse("support_directory:index") not in anonymous
    signed_in = _distress_block(world.user("staff"))
    assert f'href="{reverse("core:help_now")}"' in signed_in
    assert f'href="{reverse("support_directory:index")}"' in signed_in
