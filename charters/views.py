"""Charter pages. Each view loads its objects through the selectors (404 outside your
scope), validates with a form, and makes one service call."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from wellbeing_portal.core.forms import add_errors
from wellbeing_portal.people.models import Role, School, User
from wellbeing_portal.people.policy import (
    access_for,
    organisation_led_get_for_user,
    organisations_led_by,
    school_get_for_user,
    schools_visible_to,
)

from . import selectors, services
from .forms import (
    ActionForm,
    ActionGroupMemberForm,
    AdoptForm,
    CommitmentAddForm,
    CommitmentForm,
    EvidenceForm,
    ProgressForm,
    SignatoryForm,
    VersionAdoptForm,
)
from .models import Action, Charter, CharterVersion, Commitment, Evidence

# Charters ---------------------------------------------------------------------------


@login_required
def charter_list(request: HttpRequest) -> HttpResponse:
    charters = selectors.charters_visible_to(request.user)
    led = organisations_led_by(request.user)
    return render(request, "charters/list.html", {"charters": charters, "led": led})


@login_required
def charter_adopt(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    taken = selectors.template_keys_adopted(organisation=organisation)
    form = AdoptForm(request.POST or None, taken=taken)
    if request.method == "POST" and form.is_valid():
        try:
            charter = services.charter_adopt(
                organisation=organisation,
                adopted_by=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{organisation.name} has adopted the {charter.title}.")
            return redirect("charters:detail", pk=charter.pk)
    return render(request, "charters/adopt.html", {"organisation": organisation, "form": form})


@login_required
def charter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    charter = selectors.charter_get_for_user(user=request.user, pk=pk)
    version = selectors.version_current(charter)
    access = access_for(request.user)
    readable_schools = [
        s
        for s in schools_visible_to(request.user).filter(responsible_body=charter.organisation)
        if selectors.can_read_progress(request.user, s)
    ]
    staff_schools = list(
        schools_visible_to(request.user).filter(
            pk__in=access.school_ids(), responsible_body=charter.organisation
        )
    )
    commitments = selectors.commitments_of(version)
    return render(
        request,
        "charters/detail.html",
        {
            "charter": charter,
            "version": version,
            "commitments": commitments,
            "draft": selectors.version_draft(charter),
            "history": charter.versions.exclude(status=CharterVersion.Status.DRAFT),
            "can_manage": selectors.can_manage_charter(request.user, charter),
            "can_see_grid": access.has_organisation_role(
                charter.organisation_id,
                {Role.SENIOR_OFFICER, Role.WELLBEING_LEAD, Role.LINK_OFFICER},
            ),
            "readable_schools": readable_schools,
            "staff_schools": staff_schools,
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
            "signatories": version.signatories.all() if version else [],
        },
    )


@login_required
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    charter = selectors.charter_get_for_user(user=request.user, pk=pk)
    version = get_object_or_404(
        charter.versions.exclude(status=CharterVersion.Status.DRAFT), number=number
    )
    return render(
        request,
        "charters/version.html",
        {"charter": charter, "version": version, "commitments": selectors.commitments_of(version)},
    )


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
    charter = selectors.charter_get_managed(user=request.user, pk=pk)
    version = selectors.version_draft(charter)
    if version is None:
        return redirect("charters:detail", pk=charter.pk)
    add_form = CommitmentAddForm(request.POST if "add" in request.POST else None, prefix="add")
    adopt_form = VersionAdoptForm(request.POST if "adopt" in request.POST else None, prefix="adopt")
    if request.method == "POST":
        try:
            if "add" in request.POST and add_form.is_valid():
                services.commitment_add(version=version, **add_form.cleaned_data)
                messages.success(request, "Commitment added to the draft.")
                return redirect("charters:draft", pk=charter.pk)
            if "adopt" in request.POST and adopt_form.is_valid():
                services.charter_version_adopt(version=version, **adopt_form.cleaned_data)
                messages.success(request, f"Version {version.number} is now the adopted charter.")
                return redirect("charters:detail", pk=charter.pk)
        except ValidationError as error:
            add_errors(adopt_form if "adopt" in request.POST else add_form, error)
    status = 400 if (add_form.errors or adopt_form.errors) else 200
    return render(
        request,
        "charters/draft.html",
        {
            "charter": charter,
            "version": version,
            "commitments": selectors.commitments_of(version),
            "add_form": add_form,
            "adopt_form": adopt_form,
        },
        status=status,
    )


def _draft_commitment(request: HttpRequest, pk: int, commitment_pk: int) -> Commitment:
    charter = selectors.charter_get_managed(user=request.user, pk=pk)
    version = selectors.version_draft(charter)
    if version is None:
        raise Http404("No draft.")
    return get_object_or_404(version.commitments, pk=commitment_pk)


@login_required
def commitment_edit(request: HttpRequest, pk: int, commitment_pk: int) -> HttpResponse:
    commitment = _draft_commitment(request, pk, commitment_pk)
    form = CommitmentForm(
        request.POST or None,
        initial={"title": commitment.title, "description": commitment.description},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_update(commitment=commitment, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Commitment reworded in the draft.")
            return redirect("charters:draft", pk=pk)
    return render(
        request, "charters/commitment_edit.html", {"commitment": commitment, "form": form, "pk": pk}
    )


@login_required
@require_POST
def commitment_move(request: HttpRequest, pk: int, commitment_pk: int) -> HttpResponse:
    commitment = _draft_commitment(request, pk, commitment_pk)
    services.commitment_move(commitment=commitment, up=request.POST.get("direction") == "up")
    return redirect("charters:draft", pk=pk)


@login_required
@require_POST
def commitment_remove(request: HttpRequest, pk: int, commitment_pk: int) -> HttpResponse:
    commitment = _draft_commitment(request, pk, commitment_pk)
    services.commitment_remove(commitment=commitment)
    messages.success(request, f"“{commitment.title}” removed from the draft.")
    return redirect("charters:draft", pk=pk)


@login_required
def signatory_add(request: HttpRequest, pk: int) -> HttpResponse:
    charter = selectors.charter_get_managed(user=request.user, pk=pk)
    version = selectors.version_current(charter)
    if version is None:
        raise Http404("No adopted version.")
    form = SignatoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.signatory_add(version=version, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Signatory added. They are listed on the public page.")
            return redirect("charters:detail", pk=charter.pk)
    return render(request, "charters/signatory_add.html", {"charter": charter, "form": form})


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


# A school's progress ----------------------------------------------------------------


@login_required
def school_progress(request: HttpRequest, pk: int, school_pk: int) -> HttpResponse:
    charter = selectors.charter_get_for_user(user=request.user, pk=pk)
    school = selectors.school_for_progress(user=request.user, pk=school_pk)
    if school.responsible_body_id != charter.organisation_id:
        raise Http404("No such school.")
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
    """One commitment at one school: status, actions and evidence, and forms to change them."""
    charter = selectors.charter_get_for_user(user=request.user, pk=pk)
    school = selectors.school_for_progress(user=request.user, pk=school_pk)
    if school.responsible_body_id != charter.organisation_id:
        raise Http404("No such school.")
    row = selectors.commitment_row(charter=charter, school=school, key=key)
    can_edit = selectors.can_edit_progress(request.user, school)
    which = request.POST.get("form") if request.method == "POST" else None
    if which and not can_edit:
        raise Http404("No such page.")
    people = selectors.school_people(school=school)
    current = row.progress
    progress_form = ProgressForm(
        request.POST if which == "progress" else None,
        people=people,
        initial={"status": row.status, "owner": current.owner if current else None},
        prefix="progress",
    )
    action_form = ActionForm(
        request.POST if which == "action" else None, people=people, prefix="action"
    )
    evidence_form = EvidenceForm(
        request.POST if which == "evidence" else None,
        request.FILES if which == "evidence" else None,
        prefix="evidence",
    )
    done = _commitment_post(
        request, which, charter, school, key, progress_form, action_form, evidence_form
    )
    if done:
        return redirect(request.path)
    invalid = any(f.errors for f in (progress_form, action_form, evidence_form))
    return render(
        request,
        "charters/commitment.html",
        {
            "charter": charter,
            "school": school,
            "commitment": row.commitment,
            "row": row,
            "can_edit": can_edit,
            "progress_form": progress_form,
            "action_form": action_form,
            "evidence_form": evidence_form,
            "actions": selectors.actions_for(charter=charter, school=school, key=key),
            "evidence": selectors.evidence_for(charter=charter, school=school, key=key),
        },
        status=400 if invalid else 200,
    )


def _commitment_post(
    request: HttpRequest,
    which: str | None,
    charter: Charter,
    school: School,
    key: str,
    progress_form: ProgressForm,
    action_form: ActionForm,
    evidence_form: EvidenceForm,
) -> bool:
    """Make the one service call the posted form asks for; True when it succeeded."""
    user = request.user
    assert isinstance(user, User)
    try:
        if which == "progress" and progress_form.is_valid():
            data = progress_form.cleaned_data
            services.progress_update(
                charter=charter,
                school=school,
                commitment_key=key,
                status=data["status"],
                owner=data["owner"],
                reviewed=data["reviewed"],
            )
            messages.success(request, "Status saved.")
            return True
        if which == "action" and action_form.is_valid():
            data = action_form.cleaned_data
            services.action_create(
                charter=charter,
                school=school,
                commitment_key=key,
                title=data["title"],
                owner=data["owner"],
                due_on=data["due_on"],
                for_staff=data["for_staff"],
                staff_summary=data["staff_summary"],
            )
            messages.success(request, "Action added.")
            return True
        if which == "evidence" and evidence_form.is_valid():
            data = evidence_form.cleaned_data
            upload = data["file"]
            services.evidence_add(
                charter=charter,
                school=school,
                commitment_key=key,
                added_by=user,
                note=data["note"],
                url=data["url"],
                file=upload,
                file_name=upload.name if upload else "",
            )
            messages.success(request, "Evidence added.")
            return True
    except ValidationError as error:
        form = {"action": action_form, "evidence": evidence_form}.get(which or "", progress_form)
        add_errors(form, error)
    return False


def _action_for_editor(request: HttpRequest, action_pk: int) -> Action:
    action = get_object_or_404(Action, pk=action_pk)
    school = school_get_for_user(user=request.user, pk=action.school_id)
    if not selectors.can_edit_progress(request.user, school):
        raise Http404("No such action.")
    return action


@login_required
@require_POST
def action_complete(request: HttpRequest, action_pk: int) -> HttpResponse:
    action = _action_for_editor(request, action_pk)
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
    evidence = get_object_or_404(Evidence, pk=evidence_pk, kind=Evidence.Kind.FILE)
    selectors.school_for_progress(user=request.user, pk=evidence.school_id)
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
    form = ActionGroupMemberForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise Http404("No such page.")
        if form.is_valid():
            try:
                services.action_group_member_add(school=school, **form.cleaned_data)
            except (ValidationError, IntegrityError) as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{form.cleaned_data['name']} added to the group.")
                return redirect("charters:action_group", school_pk=school.pk)
    return render(
        request,
        "charters/action_group.html",
        {
            "school": school,
            "members": selectors.action_group_of(school=school),
            "lead_governors": selectors.lead_governors_of(school=school),
            "form": form,
            "can_edit": can_edit,
        },
        status=400 if form.errors else 200,
    )
