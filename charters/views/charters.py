"""The charters an organisation has adopted: the list, adopting one, a charter's page,
its public page and earlier versions, the schools × commitments grid and pledges."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wellbeing_portal.core.forms import form_page
from wellbeing_portal.people.policy import organisation_led_get_for_user, organisations_led_by

from .. import selectors, services
from ..forms import AdoptForm
from ..models import Commitment


@login_required
def charter_list(request: HttpRequest) -> HttpResponse:
    charters = selectors.charters_visible_to(request.user)
    led = organisations_led_by(request.user)
    return render(request, "charters/list.html", {"charters": charters, "led": led})


@login_required
def charter_adopt(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    taken = selectors.template_keys_adopted(organisation=organisation)
    return form_page(
        request,
        "charters/adopt.html",
        {"organisation": organisation},
        form=AdoptForm(request.POST or None, taken=taken),
        save=lambda data: services.charter_adopt(
            organisation=organisation,
            adopted_by=request.user,  # type: ignore[arg-type]
            **data,
        ),
        message=lambda charter: f"{organisation.name} has adopted the {charter.title}.",
        then=lambda charter: redirect("charters:detail", pk=charter.pk),
    )


@login_required
def charter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    charter = selectors.charter_get_for_user(user=request.user, pk=pk)
    version = selectors.version_current(charter)
    commitments = selectors.commitments_of(version)
    return render(
        request,
        "charters/detail.html",
        {
            "charter": charter,
            "version": version,
            "commitments": commitments,
            "draft": selectors.version_draft(charter),
            "history": selectors.versions_history(charter),
            "can_manage": selectors.can_manage_charter(request.user, charter),
            "can_see_grid": selectors.can_see_grid(request.user, charter),
            "readable_schools": selectors.schools_reading_progress(
                user=request.user, charter=charter
            ),
            "staff_schools": selectors.schools_working_at(user=request.user, charter=charter),
            "has_pledges": any(c.kind == Commitment.Kind.PLEDGE for c in commitments),
        },
    )


def charter_public(request: HttpRequest, pk: int) -> HttpResponse:
    """The charter's words and signatories, for anyone: nothing about schools or people."""
    charter = selectors.charter_get_public(pk=pk)
    version = selectors.version_current(charter)
    return render(
        request,
        "charters/public.html",
        {
            "charter": charter,
            "version": version,
            "commitments": selectors.commitments_of(version),
            "signatories": selectors.signatories_of(version),
        },
    )


@login_required
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    charter = selectors.charter_get_for_user(user=request.user, pk=pk)
    version = selectors.version_get(charter=charter, number=number)
    return render(
        request,
        "charters/version.html",
        {"charter": charter, "version": version, "commitments": selectors.commitments_of(version)},
    )


@login_required
def grid(request: HttpRequest, pk: int) -> HttpResponse:
    charter = selectors.charter_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "charters/grid.html",
        {
            "charter": charter,
            "grid": selectors.organisation_grid(user=request.user, charter=charter),
        },
    )


@login_required
def pledges(request: HttpRequest, pk: int) -> HttpResponse:
    """The charter's practitioner pledges, with counts; staff sign one with a button (no
    form page: a refusal comes back as a message on the list)."""
    charter = selectors.charter_get_for_user(user=request.user, pk=pk)
    version = selectors.version_current(charter)
    pledge_items = selectors.commitments_of(version, kinds={"pledge"})
    if not pledge_items:
        raise Http404("This charter has no pledges.")
    can_sign = selectors.can_sign_pledges(request.user, charter)
    if request.method == "POST":
        if not can_sign:
            raise Http404("No such page.")
        try:
            services.pledge_sign(
                charter=charter,
                commitment_key=request.POST.get("commitment_key", ""),
                user=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Thank you. Your pledge is counted; your name is not shown.")
        return redirect("charters:pledges", pk=charter.pk)
    return render(
        request,
        "charters/pledges.html",
        {
            "charter": charter,
            "rows": selectors.pledge_rows(user=request.user, charter=charter),
            "can_sign": can_sign,
        },
    )
