"""What every inspection page shares: the signed-in user, the record (read only by who
may, and every reading audited), and the record's form pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from wellbeing_portal.core.forms import form_page
from wellbeing_portal.people.models import User

from .. import selectors, services
from ..models import Inspection

T = TypeVar("T")

FORM_TEMPLATE = "inspections/form_page.html"


def user_of(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def working_hours() -> str:
    start, end = settings.PORTAL_WORKING_HOURS
    return f"{start}:00 to {end}:00 on weekdays"


def record_for(
    request: HttpRequest, pk: int, need: str = ""
) -> tuple[Inspection, selectors.RecordRights]:
    """The record, if the user may read it (else 404), and what they may do; `need`
    names a right the page requires (else 404: the page does not exist for them).
    Every page of the record counts as a reading, in the audit log."""
    inspection = selectors.inspection_get_for_user(user=request.user, pk=pk)
    rights = selectors.rights_on(user=request.user, inspection=inspection)
    if need and not getattr(rights, need):
        raise Http404("Not a page for you.")
    services.inspection_record_read(inspection=inspection)
    return inspection, rights


def record_form_page(
    request: HttpRequest,
    inspection: Inspection,
    *,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], T],
    done: str,
    heading: str,
    intro: str = "",
    button: str = "",
    then: Callable[[T], HttpResponse] | None = None,
) -> HttpResponse:
    """A form page of the record: one service call, then back to the record (or `then`)
    with the message `done`; a refusal (a closed record, a bad date) on the form."""
    context: dict[str, Any] = {"inspection": inspection, "heading": heading}
    if intro:
        context["intro"] = intro
    if button:
        context["button"] = button
    return form_page(
        request,
        FORM_TEMPLATE,
        context,
        form=form,
        save=save,
        then=then or (lambda _: redirect("inspections:detail", pk=inspection.pk)),
        message=done,
    )
