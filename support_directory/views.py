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

from wellbeing_portal.core.csv_import import ImportProblem, ImportRejected
from wellbeing_portal.core.forms import form_page
from wellbeing_portal.people.models import Organisation, User
from wellbeing_portal.people.policy import organisation_led_get_for_user, organisations_led_by

from . import selectors, services
from .forms import (
    BuddyProfileForm,
    OfstedContactForm,
    ResourceForm,
    SearchForm,
    ServiceForm,
    ServiceImportForm,
)
from .models import Service


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Every directory page shows the crisis services at the top."""
    context["crisis"] = selectors.crisis_services(user=request.user)
    return render(request, template, context, status=status)


def _with_crisis(request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """A form page's context, with the crisis services every directory page shows."""
    return {**context, "crisis": selectors.crisis_services(user=request.user)}


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
    can_edit = selectors.can_edit_service(request.user, service)
    return _page(
        request, "support_directory/service.html", {"service": service, "can_edit": can_edit}
    )


@login_required
def service_add(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    return _service_form(request, organisation, None)


@login_required
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service, organisation = selectors.service_get_to_edit(user=request.user, pk=pk)
    return _service_form(request, organisation, service)


def _service_form(
    request: HttpRequest, organisation: Organisation, service: Service | None
) -> HttpResponse:
    form = ServiceForm(request.POST or None, instance=service, schools=organisation.schools.all())

    def save(data: dict[str, Any]) -> Service:
        fields = {name: data[name] for name in services.EDITABLE_FIELDS}
        return services.service_save(
            organisation=organisation,
            school=data["school"],
            domains=data["domains_list"],
            service=service,
            **fields,
        )

    return form_page(
        request,
        "support_directory/service_form.html",
        _with_crisis(request, {"organisation": organisation, "service": service}),
        form=form,
        save=save,
        then=lambda saved: redirect("support_directory:service", pk=saved.pk),
        message=lambda saved: f"“{saved.name}” saved.",
    )


@login_required
def service_import(request: HttpRequest, slug: str) -> HttpResponse:
    """The lead's CSV import: every row, or nothing and each problem listed."""
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    problems: list[ImportProblem] = []  # filled by a rejected file, for the page

    def save(data: dict[str, Any]) -> int:
        try:
            return services.services_import(organisation=organisation, file=data["file"])
        except ImportRejected as error:
            problems.extend(error.problems)
            raise ValidationError(
                {
                    "file": "The file was not imported. Correct the problems listed and upload it again."
                }
            ) from None

    return form_page(
        request,
        "support_directory/import.html",
        _with_crisis(request, {"organisation": organisation, "problems": problems}),
        form=ServiceImportForm(request.POST or None, request.FILES or None),
        save=save,
        then=lambda _: redirect("support_directory:index"),
        message=lambda count: f"{count} service{'s' if count != 1 else ''} imported.",
    )


# Buddies ----------------------------------------------------------------------------


@login_required
def buddies(request: HttpRequest) -> HttpResponse:
    """What buddying means for this person: their buddy, the heads they buddy, or, for
    a wellbeing lead, the heads in the Ofsted window who have none."""
    is_lead = selectors.is_buddy_lead(request.user)
    return _page(
        request,
        "support_directory/buddies.html",
        {
            **selectors.pairings_for(user=request.user),
            "profile": selectors.buddy_profile_of(request.user),
            "can_offer": selectors.can_offer_to_buddy(request.user),
            "is_lead": is_lead,
            "unpaired": selectors.heads_without_buddy_in_window(user=request.user)
            if is_lead
            else [],
            "active": selectors.active_pairings_led_by(user=request.user) if is_lead else [],
        },
    )


@login_required
def buddy_profile(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    schools = selectors.schools_led_by(user)
    if not schools:
        raise Http404("Only heads and school leaders can offer to buddy.")
    instance = selectors.buddy_profile_of(user)
    form = BuddyProfileForm(request.POST or None, instance=instance, schools=schools)
    return form_page(
        request,
        "support_directory/buddy_profile.html",
        _with_crisis(request, {}),
        form=form,
        save=lambda data: services.buddy_profile_save(user=user, **data),
        then=lambda _: redirect("support_directory:buddies"),
        message="Thank you. Your offer to buddy is saved.",
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
    user = _user(request)
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
    led = selectors.organisations_adding_contacts(request.user)
    can_add = led.exists()
    if request.method == "POST" and not can_add:
        raise Http404("No such page.")
    return form_page(
        request,
        "support_directory/contacts.html",
        _with_crisis(
            request,
            {"contacts": selectors.ofsted_contacts_visible_to(request.user), "can_add": can_add},
        ),
        form=OfstedContactForm(request.POST or None, organisations=led),
        save=lambda data: services.ofsted_contact_save(**data),
        then=lambda _: redirect("support_directory:contacts"),
        message="Contact added.",
    )


# Shared resources -------------------------------------------------------------------


@login_required
def resources(request: HttpRequest) -> HttpResponse:
    lists = selectors.resource_lists(user=request.user)
    return _page(
        request,
        "support_directory/resources.html",
        {
            "shared": lists.shared,
            "mine": lists.mine,
            "waiting": lists.waiting,
            "can_share": selectors.can_share_resources(request.user),
            "helped": lists.helped,
        },
    )


@login_required
def resource_share(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    school = selectors.school_sharing_for(user)
    if school is None:
        raise Http404("Only heads and school leaders share resources.")
    return form_page(
        request,
        "support_directory/resource_share.html",
        _with_crisis(request, {}),
        form=ResourceForm(request.POST or None, request.FILES or None),
        save=lambda data: services.resource_share(
            author=user,
            organisation=school.responsible_body,
            title=data["title"],
            description=data["description"],
            tags=data["tags"],
            url=data["url"],
            file=data["file"],
            file_name=data["file"].name if data["file"] else "",
        ),
        then=lambda _: redirect("support_directory:resources"),
        message="Thank you. The wellbeing lead will look at it before it is shared.",
    )


@login_required
@require_POST
def resource_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.resource_get_to_moderate(user=request.user, pk=pk)
    user = _user(request)
    approve = request.POST.get("decision") == "approve"
    services.resource_moderate(resource=resource, approve=approve, moderator=user)
    messages.success(request, f"“{resource.title}” {'shared' if approve else 'not shared'}.")
    return redirect("support_directory:resources")


@login_required
@require_POST
def resource_helped(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.resource_get_for_user(user=request.user, pk=pk)
    user = _user(request)
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
