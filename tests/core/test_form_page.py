"""The form-page helper every form view uses: valid → service → message → redirect;
a service's refusal on the form, changing nothing; invalid → the page again, 400."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory

from wellbeing_portal.core.forms import form_page


class NameForm(forms.Form):
    name = forms.CharField()


def _request(data: dict[str, str] | None) -> Any:
    request: Any = (
        RequestFactory().post("/", data) if data is not None else RequestFactory().get("/")
    )
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _page(request: Any, save: Any) -> HttpResponse:
    return form_page(
        request,
        "components/error_summary.html",
        {},
        form=NameForm(request.POST or None),
        save=save,
        then=lambda name: HttpResponseRedirect(f"/done/{name}/"),
        message=lambda name: f"Saved {name}.",
    )


def test_a_valid_form_is_saved_then_redirected_with_its_message() -> None:
    saved: list[str] = []

    def save(data: dict[str, str]) -> str:
        saved.append(data["name"])
        return data["name"]

    request = _request({"name": "Ada"})
    response = _page(request, save)
    assert response.status_code == 302
    assert response["Location"] == "/done/Ada/"
    assert saved == ["Ada"]
    assert [m.message for m in get_messages(request)] == ["Saved Ada."]


@pytest.mark.parametrize("data", [{"name": ""}, {"surname": "Lovelace"}])
def test_an_invalid_form_is_shown_again_with_400_and_nothing_saved(data: dict[str, str]) -> None:
    saved: list[object] = []
    response = _page(_request(data), saved.append)
    assert response.status_code == 400
    assert saved == []


def test_a_service_refusal_goes_on_the_form_with_400_and_no_message() -> None:
    def refuse(data: dict[str, Any]) -> str:
        raise ValidationError({"name": "That name is taken."})

    request = _request({"name": "Ada"})
    response = _page(request, refuse)
    assert response.status_code == 400
    assert "That name is taken." in response.content.decode()
    assert list(get_messages(request)) == []


def test_a_get_shows_the_empty_form() -> None:
    assert _page(_request(None), lambda data: None).status_code == 200
