"""A school's progress on its organisation's charter: its page, one commitment with its
status, actions and evidence, evidence files, "you said, we did" and the action group."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from wellbeing_portal.core.forms import form_page
from wellbeing_portal.people.models import School, User
from wellbeing_portal.people.policy import school_get_for_user

from .. import selectors, services
from ..forms import ActionForm, ActionGroupMemberForm, EvidenceForm, ProgressForm
from ..models import Charter


def _charter_and_school(request: HttpRequest, pk: int, school_pk: int) -> tuple[Charter, School]:
    """A charter the user may read and one of its organisation's schools whose progress
    they may read, or 404."""
    charter = selectors.charter_get_for_user(user=request.user, pk=pk)
    school = selectors.school_for_progress(user=request.user, pk=school_pk)
    if school.responsible_body_id != charter.organisation_id:
        raise Http404("No such school.")
    return charter, school


@login_required
def school_progress(request: HttpRequest, pk: int, school_pk: int) -> HttpResponse:
    charter, school = _charter_and_school(request, pk, school_pk)
    progress = selectors.school_progress(charter=charter, school=school)
    return render(
        request,
        "charters/school.html",
        {
            "charter": charter,
            "school": school,
            "progress": progress,
            "can_edit": selectors.can_edit_progress(request.user, school),
        },
    )


@login_required
def commitment_progress(request: HttpRequest, pk: int, school_pk: int, key: str) -> HttpResponse:
    """One commitment at one school: status, actions and evidence, and forms to change
    them. Whichever of the three forms is posted is saved; the others are drawn empty."""
    charter, school = _charter_and_school(request, pk, school_pk)
    row = selectors.commitment_row(charter=charter, school=school, key=key)
    can_edit = selectors.can_edit_progress(request.user, school)
    which = request.POST.get("form") if request.method == "POST" else None
    if which and not can_edit:
        raise Http404("No such page.")
    people = selectors.school_people(school=school)
    current = row.progress

    def posted(name: str) -> Any:
        return request.POST if which == name else None

    forms: dict[str, Any] = {
        "progress": ProgressForm(
            posted("progress"),
            people=people,
            initial={"status": row.status, "owner": current.owner if current else None},
            prefix="progress",
        ),
        "action": ActionForm(posted("action"), people=people, prefix="action"),
        "evidence": EvidenceForm(
            posted("evidence"), request.FILES if which == "evidence" else None, prefix="evidence"
        ),
    }
    chosen = which if which in forms else "progress"
    save, message = _commitment_saver(chosen, request, charter, school, key)
    return form_page(
        request,
        "charters/commitment.html",
        {
            "charter": charter,
            "school": school,
            "commitment": row.commitment,
            "row": row,
            "can_edit": can_edit,
            **{f"{name}_form": form for name, form in forms.items()},
            "actions": selectors.actions_for(charter=charter, school=school, key=key),
            "evidence": selectors.evidence_for(charter=charter, school=school, key=key),
        },
        form=forms[chosen],
        save=save,
        message=message,
        then=lambda _: redirect(request.path),
    )


def _commitment_saver(
    which: str, request: HttpRequest, charter: Charter, school: School, key: str
) -> tuple[Callable[[dict[str, Any]], object], str]:
    """The one service call the posted form asks for (each form's fields are its
    service's arguments), and what to say once it is made."""
    if which == "action":

        def add_action(data: dict[str, Any]) -> object:
            return services.action_create(
                charter=charter, school=school, commitment_key=key, **data
            )

        return add_action, "Action added."
    if which == "evidence":
        user = request.user
        assert isinstance(user, User)

        def add_evidence(data: dict[str, Any]) -> object:
            upload = data["file"]
            file_name = upload.name if upload else ""
            return services.evidence_add(
                charter=charter,
                school=school,
                commitment_key=key,
                added_by=user,
                file_name=file_name,
                **data,
            )

        return add_evidence, "Evidence added."

    def update_progress(data: dict[str, Any]) -> object:
        return services.progress_update(charter=charter, school=school, commitment_key=key, **data)

    return update_progress, "Status saved."


@login_required
@require_POST
def action_complete(request: HttpRequest, action_pk: int) -> HttpResponse:
    action = selectors.action_get_for_editor(user=request.user, pk=action_pk)
    services.action_complete(action=action)
    messages.success(request, f"“{action.title}” marked done.")
    return redirect(
        "charters:commitment",
        pk=action.charter_id,
        school_pk=action.school_id,
        key=action.commitment_key,
    )


@login_required
def evidence_file(request: HttpRequest, evidence_pk: int) -> FileResponse:
    evidence = selectors.evidence_file_get_for_user(user=request.user, pk=evidence_pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.file_name,
        content_type=evidence.file_type,
    )


@login_required
def staff_page(request: HttpRequest, school_pk: int) -> HttpResponse:
    """'You said, we did' for everyone at the school."""
    school = school_get_for_user(user=request.user, pk=school_pk)
    return render(
        request,
        "charters/staff_page.html",
        {"school": school, "actions": selectors.actions_for_staff(school=school)},
    )


@login_required
def action_group(request: HttpRequest, school_pk: int) -> HttpResponse:
    """The school's wellbeing action group and its lead governor for wellbeing."""
    school = selectors.school_for_progress(user=request.user, pk=school_pk)
    can_edit = selectors.can_edit_progress(request.user, school)
    if request.method == "POST" and not can_edit:
        raise Http404("No such page.")

    def save(data: dict[str, Any]) -> dict[str, Any]:
        try:
            services.action_group_member_add(school=school, **data)
        except IntegrityError as error:
            raise ValidationError(str(error)) from error
        return data

    return form_page(
        request,
        "charters/action_group.html",
        {
            "school": school,
            "members": selectors.action_group_of(school=school),
            "lead_governors": selectors.lead_governors_of(school=school),
            "can_edit": can_edit,
        },
        form=ActionGroupMemberForm(request.POST or None),
        save=save,
        message=lambda data: f"{data['name']} added to the group.",
        then=lambda _: redirect("charters:action_group", school_pk=school.pk),
    )
