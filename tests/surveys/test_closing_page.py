"""The closing page each process draws once and fills in (surveys/views/closing.py) is,
byte for byte, the page drawn afresh; and it is drawn afresh whenever it could differ."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import add_message, constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.shortcuts import render
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils.safestring import mark_safe

from surveys.views import closing
from tests.factories import UserFactory

CODE = "ABCDE-FGHJK"


def _request(user: Any = None) -> Any:
    request: Any = RequestFactory().post("/surveys/o/token/")
    request.user = user or AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _afresh(request: Any, *, distress: bool) -> bytes:
    block = render_to_string("surveys/_distress.html", request=request)
    shown = block if distress else " " * len(block.encode())
    context = {"receipt_code": CODE, "distress_html": mark_safe(shown)}  # noqa: S308
    return render(request, closing.TEMPLATE, context).content


@pytest.fixture(autouse=True)
def _nothing_drawn() -> None:
    closing._drawn.clear()


@pytest.mark.parametrize("distress", [True, False])
def test_the_page_filled_in_is_the_page_drawn_afresh(distress: bool) -> None:
    first = closing.closing_page(_request(), receipt_code=CODE, distress=distress)
    again = closing.closing_page(_request(), receipt_code=CODE, distress=distress)
    assert first.content == again.content == _afresh(_request(), distress=distress)
    assert first["Content-Type"] == "text/html; charset=utf-8"
    assert CODE.encode() in first.content
    assert (b"You do not have to manage that alone" in first.content) is distress
    # Every helpline on it is a link a phone calls, or texts with the word in.
    for href in (b'"tel:08000562561"', b'"tel:116123"', b'"sms:85258?body=SHOUT"', b'"tel:111"'):
        assert href in first.content


def test_one_size_whatever_is_shown_and_whichever_code() -> None:
    sizes = {
        len(closing.closing_page(_request(), receipt_code=code, distress=distress).content)
        for code in (CODE, "ZZZZZ-22222")
        for distress in (True, False)
    }
    assert len(sizes) == 1


@pytest.mark.django_db
def test_signed_in_people_and_waiting_messages_get_the_page_drawn_afresh() -> None:
    closing.closing_page(_request(), receipt_code=CODE, distress=False)  # drawn once
    signed_in = _request(UserFactory.create())
    page = closing.closing_page(signed_in, receipt_code=CODE, distress=False)
    assert b"Sign out" in page.content
    assert page.content == _afresh(signed_in, distress=False)

    with_message = _request()
    add_message(with_message, constants.SUCCESS, "A message for this browser.")
    page = closing.closing_page(with_message, receipt_code=CODE, distress=False)
    assert b"A message for this browser." in page.content


def test_the_address_to_come_back_to_is_the_portals_own_whoever_asked(settings: Any) -> None:
    """Copied down to come back later: the configured address, never the Host header of
    whoever answered (and never the first asker's, drawn into every later page)."""
    settings.PORTAL_BASE_URL = "https://wellbeing.example.org"
    request = _request()
    request.META["HTTP_HOST"] = "attacker.example.net"
    page = closing.closing_page(request, receipt_code=CODE, distress=False).content.decode()
    assert "https://wellbeing.example.org/surveys/receipt/" in page
    assert "attacker.example.net" not in page
