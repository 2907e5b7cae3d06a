"""Privacy pages: a person's own data, and erasure of a person by a lead or admin."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from wellbeing_portal.people.models import User
from wellbeing_portal.people.policy import can_erase_people, person_erasable_get_for_user

from . import services
from .forms import EraseConfirmForm, EraseFindForm


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    return render(
        request, "privacy/my_data.html", {"data": services.person_export(user=request.user)}
    )


@login_required
@require_GET
def my_data_json(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    data = services.person_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def erase_find(request: HttpRequest) -> HttpResponse:
    if not can_erase_people(request.user):
        raise Http404("Erasure is for wellbeing leads and platform administrators.")
    form = EraseFindForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        assert form.person is not None
        return redirect("privacy:erase", pk=form.person.pk)
    return render(request, "privacy/erase_find.html", {"form": form})


@login_required
def erase_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_erasable_get_for_user(user=request.user, pk=pk)
    assert isinstance(request.user, User)
    form = EraseConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.person_erase(user=person, by=request.user)
        messages.success(
            request, f"The person's account is erased. They are now shown as “{person.full_name}”."
        )
        return redirect("privacy:erase_find")
    memberships = person.memberships.select_related("school", "organisation")
    return render(
        request,
        "privacy/erase_confirm.html",
        {"person": person, "memberships": memberships, "form": form},
    )
