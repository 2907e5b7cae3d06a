"""Support directory pages: search and filters, a page per service, and the wellbeing
lead's add, edit and import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wellbeing_portal.core.csv_import import ImportRejected
from wellbeing_portal.people.models import Organisation
from wellbeing_portal.people.policy import organisation_led_get_for_user, organisations_led_by

from . import selectors, services
from .forms import SearchForm, ServiceForm, ServiceImportForm
from .models import Service


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Every directory page shows the crisis services at the top."""
    context["crisis"] = selectors.crisis_services(user=request.user)
    return render(request, template, context, status=status)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    filters = selectors.Filters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.Filters(
            query=data["q"],
            kind=data["kind"],
            audience=data["audience"],
            domain=data["domain"],
            scope=data["scope"],
        )
    results = selectors.service_search(user=request.user, filters=filters)
    return _page(
        request,
        "support_directory/index.html",
        {
            "form": form,
            "results": results,
            "searched": any(vars(filters).values()),
            "led": organisations_led_by(request.user),
        },
    )


@login_required
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_get_for_user(user=request.user, pk=pk)
    led = organisations_led_by(request.user)
    can_edit = (
        service.organisation_id is not None and led.filter(pk=service.organisation_id).exists()
    )
    return _page(
        request, "support_directory/service.html", {"service": service, "can_edit": can_edit}
    )


@login_required
def service_add(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    return _service_form(request, organisation, None)


@login_required
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_get_for_user(user=request.user, pk=pk)
    organisation = (
        organisations_led_by(request.user).filter(pk=service.organisation_id or 0).first()
    )
    if organisation is None:
        raise Http404("No such service.")
    return _service_form(request, organisation, service)


def _service_form(
    request: HttpRequest, organisation: Organisation, service: Service | None
) -> HttpResponse:
    form = ServiceForm(request.POST or None, instance=service, schools=organisation.schools.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.service_save(
                organisation=organisation,
                school=data["school"],
                data=data,
                domains=data["domains_list"],
                service=service,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"“{saved.name}” saved.")
            return redirect("support_directory:service", pk=saved.pk)
    return _page(
        request,
        "support_directory/service_form.html",
        {"form": form, "organisation": organisation, "service": service},
        status=400 if form.errors else 200,
    )


@login_required
def service_import(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    form = ServiceImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            count = services.services_import(
                organisation=organisation, file=form.cleaned_data["file"]
            )
        except ImportRejected as error:
            problems = error.problems
            form.add_error(
                "file",
                "The file was not imported. Correct the problems listed and upload it again.",
            )
        else:
            messages.success(request, f"{count} service{'s' if count != 1 else ''} imported.")
            return redirect("support_directory:index")
    return _page(
        request,
        "support_directory/import.html",
        {"form": form, "organisation": organisation, "problems": problems},
        status=400 if problems else 200,
    )
