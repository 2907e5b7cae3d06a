"""Writing a charter's next version: starting the draft, adding, rewording, moving and
removing its commitments, adopting it, and recording signatories."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from wellbeing_portal.core.forms import form_page

from .. import selectors, services
from ..forms import CommitmentAddForm, CommitmentForm, SignatoryForm, VersionAdoptForm


@login_required
@require_POST
def version_start(request: HttpRequest, pk: int) -> HttpResponse:
    charter = selectors.charter_get_managed(user=request.user, pk=pk)
    try:
        services.charter_version_start(charter=charter, started_by=request.user)  # type: ignore[arg-type]
    except IntegrityError:
        messages.error(request, "A draft of the next version already exists.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("charters:draft", pk=charter.pk)


@login_required
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft of the next version, with two forms: add a commitment, or adopt it."""
    charter = selectors.charter_get_managed(user=request.user, pk=pk)
    version = selectors.version_draft(charter)
    if version is None:
        return redirect("charters:detail", pk=charter.pk)
    add_form = CommitmentAddForm(request.POST if "add" in request.POST else None, prefix="add")
    adopt_form = VersionAdoptForm(request.POST if "adopt" in request.POST else None, prefix="adopt")
    page = {
        "charter": charter,
        "version": version,
        "commitments": selectors.commitments_of(version),
        "add_form": add_form,
        "adopt_form": adopt_form,
    }
    adopting = "adopt" in request.POST and "add" not in request.POST
    service = services.charter_version_adopt if adopting else services.commitment_add
    return form_page(
        request,
        "charters/draft.html",
        page,
        form=adopt_form if adopting else add_form,
        save=lambda data: service(version=version, **data),
        message=f"Version {version.number} is now the adopted charter."
        if adopting
        else "Commitment added to the draft.",
        then=lambda _: redirect("charters:detail" if adopting else "charters:draft", pk=charter.pk),
    )


@login_required
def commitment_edit(request: HttpRequest, pk: int, commitment_pk: int) -> HttpResponse:
    commitment = selectors.draft_commitment_get(
        user=request.user, pk=pk, commitment_pk=commitment_pk
    )
    form = CommitmentForm(
        request.POST or None,
        initial={"title": commitment.title, "description": commitment.description},
    )
    return form_page(
        request,
        "charters/commitment_edit.html",
        {"commitment": commitment, "pk": pk},
        form=form,
        save=lambda data: services.commitment_update(commitment=commitment, **data),
        message="Commitment reworded in the draft.",
        then=lambda _: redirect("charters:draft", pk=pk),
    )


@login_required
@require_POST
def commitment_move(request: HttpRequest, pk: int, commitment_pk: int) -> HttpResponse:
    commitment = selectors.draft_commitment_get(
        user=request.user, pk=pk, commitment_pk=commitment_pk
    )
    services.commitment_move(commitment=commitment, up=request.POST.get("direction") == "up")
    return redirect("charters:draft", pk=pk)


@login_required
@require_POST
def commitment_remove(request: HttpRequest, pk: int, commitment_pk: int) -> HttpResponse:
    commitment = selectors.draft_commitment_get(
        user=request.user, pk=pk, commitment_pk=commitment_pk
    )
    services.commitment_remove(commitment=commitment)
    messages.success(request, f"“{commitment.title}” removed from the draft.")
    return redirect("charters:draft", pk=pk)


@login_required
def signatory_add(request: HttpRequest, pk: int) -> HttpResponse:
    charter = selectors.charter_get_managed(user=request.user, pk=pk)
    version = selectors.version_current(charter)
    if version is None:
        raise Http404("No adopted version.")
    return form_page(
        request,
        "charters/signatory_add.html",
        {"charter": charter},
        form=SignatoryForm(request.POST or None),
        save=lambda data: services.signatory_add(version=version, **data),
        message="Signatory added. They are listed on the public page.",
        then=lambda _: redirect("charters:detail", pk=charter.pk),
    )
