"""Support directory pages: services (search, filters, the lead's add, edit and import),
buddies (offers, suggestions, pairings), Ofsted-experienced contacts, and resources
shared by heads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from wellbeing_portal.core.csv_import import ImportRejected
from wellbeing_portal.core.forms import add_errors
from wellbeing_portal.people.models import Organisation, Role, School, User
from wellbeing_portal.people.policy import (
    SCHOOL_LEADERS,
    access_for,
    organisation_led_get_for_user,
    organisations_led_by,
)

from . import selectors, services
from .forms import (
    BuddyProfileForm,
    OfstedContactForm,
    ResourceForm,
    SearchForm,
    ServiceForm,
    ServiceImportForm,
)
from .models import BuddyProfile, HelpedMark, Service, SharedResource


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
            "can_see_contacts": selectors.can_see_ofsted_contacts(request.user),
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
            add_errors(form, error)
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


# Buddies ----------------------------------------------------------------------------


@login_required
def buddies(request: HttpRequest) -> HttpResponse:
    """What buddying means for this person: their buddy, the heads they buddy, or, for
    a wellbeing lead, the heads in the Ofsted window who have none."""
    access = access_for(request.user)
    is_lead = bool(access.organisation_ids({Role.WELLBEING_LEAD}))
    return _page(
        request,
        "support_directory/buddies.html",
        {
            **selectors.pairings_for(user=request.user),
            "profile": BuddyProfile.objects.filter(user_id=request.user.pk or 0).first(),
            "can_offer": bool(access.school_ids(SCHOOL_LEADERS)),
            "is_lead": is_lead,
            "unpaired": selectors.heads_without_buddy_in_window(user=request.user)
            if is_lead
            else [],
            "active": selectors.active_pairings_led_by(user=request.user) if is_lead else [],
        },
    )


@login_required
def buddy_profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    schools = School.objects.filter(pk__in=access_for(user).school_ids(SCHOOL_LEADERS)).order_by(
        "name"
    )
    if not schools:
        raise Http404("Only heads and school leaders can offer to buddy.")
    instance = BuddyProfile.objects.filter(user=user).first()
    form = BuddyProfileForm(request.POST or None, instance=instance, schools=schools)
    if request.method == "POST" and form.is_valid():
        try:
            services.buddy_profile_save(user=user, data=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Thank you. Your offer to buddy is saved.")
            return redirect("support_directory:buddies")
    return _page(
        request,
        "support_directory/buddy_profile.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def buddy_suggestions(request: HttpRequest, membership_pk: int) -> HttpResponse:
    head = selectors.head_membership_for_matching(user=request.user, pk=membership_pk)
    return _page(
        request,
        "support_directory/buddy_suggestions.html",
        {
            "head": head,
            "suggestions": selectors.buddy_suggestions(head=head),
        },
    )


@login_required
@require_POST
def buddy_pair(request: HttpRequest, membership_pk: int) -> HttpResponse:
    head = selectors.head_membership_for_matching(user=request.user, pk=membership_pk)
    user = request.user
    assert isinstance(user, User)
    try:
        profile_id = int(request.POST.get("profile_id", ""))
    except ValueError:
        profile_id = 0
    suggestion = next(
        (s for s in selectors.buddy_suggestions(head=head) if s.candidate.profile_id == profile_id),
        None,
    )
    try:
        if suggestion is None:
            raise ValidationError("Choose one of the suggested buddies.")
        pairing = services.buddy_pair(
            head=head,
            profile_id=profile_id,
            confirmed_by=user,
            reasons="; ".join(suggestion.reasons),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("support_directory:buddy_suggestions", membership_pk=head.pk)
    messages.success(
        request,
        f"{pairing.buddy.user.full_name} is now {head.user.full_name}'s buddy. "
        "Both have been emailed.",
    )
    return redirect("support_directory:buddies")


@login_required
@require_POST
def buddy_end(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = selectors.pairing_get_led(user=request.user, pk=pk)
    services.buddy_pairing_end(pairing=pairing)
    messages.success(request, "The pairing has ended. It stays in the history.")
    return redirect("support_directory:buddies")


@login_required
def contacts(request: HttpRequest) -> HttpResponse:
    """People with Ofsted experience to call during an inspection: heads and officers only."""
    if not selectors.can_see_ofsted_contacts(request.user):
        raise Http404("No such page.")
    led = organisations_led_by(request.user)
    form = OfstedContactForm(request.POST or None, organisations=led)
    if request.method == "POST":
        if not led.exists():
            raise Http404("No such page.")
        if form.is_valid():
            data = dict(form.cleaned_data)
            organisation = data.pop("organisation")
            try:
                services.ofsted_contact_save(organisation=organisation, data=data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Contact added.")
                return redirect("support_directory:contacts")
    return _page(
        request,
        "support_directory/contacts.html",
        {
            "contacts": selectors.ofsted_contacts_visible_to(request.user),
            "form": form,
            "can_add": led.exists(),
        },
        status=400 if form.errors else 200,
    )


# Shared resources -------------------------------------------------------------------


@login_required
def resources(request: HttpRequest) -> HttpResponse:
    visible = selectors.resources_visible_to(request.user)
    led = access_for(request.user).organisation_ids({Role.WELLBEING_LEAD})
    return _page(
        request,
        "support_directory/resources.html",
        {
            "shared": visible.filter(status=SharedResource.Status.APPROVED),
            "mine": visible.filter(author_id=request.user.pk or 0).exclude(
                status=SharedResource.Status.APPROVED
            ),
            "waiting": visible.filter(
                status=SharedResource.Status.PENDING, organisation_id__in=led
            ),
            "can_share": selectors.can_share_resources(request.user),
            "helped": set(
                HelpedMark.objects.filter(user_id=request.user.pk or 0).values_list(
                    "resource_id", flat=True
                )
            ),
        },
    )


@login_required
def resource_share(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    school = (
        School.objects.filter(pk__in=access_for(user).school_ids(SCHOOL_LEADERS))
        .select_related("responsible_body")
        .first()
    )
    if school is None:
        raise Http404("Only heads and school leaders share resources.")
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.resource_share(
                author=user,
                organisation=school.responsible_body,
                title=data["title"],
                description=data["description"],
                tags=data["tags"],
                url=data["url"],
                file=data["file"],
                file_name=data["file"].name if data["file"] else "",
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, "Thank you. The wellbeing lead will look at it before it is shared."
            )
            return redirect("support_directory:resources")
    return _page(
        request,
        "support_directory/resource_share.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def resource_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.resource_get_for_user(user=request.user, pk=pk)
    user = request.user
    assert isinstance(user, User)
    if not access_for(user).has_organisation_role(resource.organisation_id, {Role.WELLBEING_LEAD}):
        raise Http404("No such resource.")
    approve = request.POST.get("decision") == "approve"
    services.resource_moderate(resource=resource, approve=approve, moderator=user)
    messages.success(request, f"“{resource.title}” {'shared' if approve else 'not shared'}.")
    return redirect("support_directory:resources")


@login_required
@require_POST
def resource_helped(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.resource_get_for_user(user=request.user, pk=pk)
    user = request.user
    assert isinstance(user, User)
    try:
        services.resource_mark_helped(resource=resource, user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("support_directory:resources")


@login_required
def resource_file(request: HttpRequest, pk: int) -> FileResponse:
    resource = selectors.resource_get_for_user(user=request.user, pk=pk)
    if not resource.file:
        raise Http404("No file.")
    return FileResponse(
        resource.file.open("rb"),
        as_attachment=True,
        filename=resource.file_name,
        content_type=resource.file_type,
    )
