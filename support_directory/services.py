"""Writes to the support directory: a wellbeing lead adds, edits and imports services."""

from __future__ import annotations

from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wellbeing_portal.core.csv_import import ImportProblem, ImportRejected, csv_rows, quoted
from wellbeing_portal.core.model_update import KEEP, Keep, model_update
from wellbeing_portal.core.uploads import attach_upload, full_clean_keeping_no_orphan
from wellbeing_portal.outbox.services import email_enqueue_from_templates
from wellbeing_portal.people.models import Membership, Organisation, School, User
from wellbeing_portal.people.policy import school_leaders_reach

from .models import (
    DOMAINS,
    BuddyPairing,
    BuddyProfile,
    HelpedMark,
    OfstedContact,
    Service,
    SharedResource,
)

EDITABLE_FIELDS = (
    "name",
    "provider",
    "kind",
    "audience",
    "description",
    "tags",
    "phone",
    "text_number",
    "email",
    "url",
    "hours",
    "cost",
    "commissioned",
    "is_crisis",
)


def _domains_text(domains: list[str]) -> str:
    unknown = [d for d in domains if d not in DOMAINS]
    if unknown:
        raise ValidationError({"domains": f"Unknown wellbeing domain: {', '.join(unknown)}."})
    return f",{','.join(d for d in DOMAINS if d in domains)}," if domains else ""


def service_save(
    *,
    organisation: Organisation,
    school: School | None,
    domains: list[str],
    service: Service | None = None,
    name: str | Keep = KEEP,
    provider: str | Keep = KEEP,
    kind: str | Keep = KEEP,
    audience: str | Keep = KEEP,
    description: str | Keep = KEEP,
    tags: str | Keep = KEEP,
    phone: str | Keep = KEEP,
    text_number: str | Keep = KEEP,
    email: str | Keep = KEEP,
    url: str | Keep = KEEP,
    hours: str | Keep = KEEP,
    cost: str | Keep = KEEP,
    commissioned: bool | Keep = KEEP,
    is_crisis: bool | Keep = KEEP,
) -> Service:
    """Create or update one of the organisation's services (validated in full first);
    the fields not given keep their value (a new service: the model's defaults)."""
    if school is not None and school.responsible_body_id != organisation.pk:
        raise ValidationError({"school": "Choose one of your organisation's schools."})
    service = service or Service()
    model_update(
        instance=service,
        fields=EDITABLE_FIELDS,
        data={
            "name": name,
            "provider": provider,
            "kind": kind,
            "audience": audience,
            "description": description,
            "tags": tags,
            "phone": phone,
            "text_number": text_number,
            "email": email,
            "url": url,
            "hours": hours,
            "cost": cost,
            "commissioned": commissioned,
            "is_crisis": is_crisis,
        },
    )
    service.domains = _domains_text(domains)
    service.organisation = organisation
    service.school = school
    service.scope = Service.Scope.SCHOOL if school else Service.Scope.ORGANISATION
    service.full_clean()
    service.save()
    return service


IMPORT_COLUMNS = ("name", "kind", "description")
_TRUE = {"yes", "y", "true", "1"}


# A kind or audience in the file, by its value or its label; an empty audience is all staff.
_KINDS = {
    **{k.value: k.value for k in Service.Kind},
    **{k.label.lower(): k.value for k in Service.Kind},
}
_AUDIENCES = {
    **{a.value: a.value for a in Service.Audience},
    **{a.label.lower(): a.value for a in Service.Audience},
    "": Service.Audience.ALL_STAFF,
}
# The columns read as they are: every editable field but the choices and the yes/no ones.
_TEXT_COLUMNS = tuple(
    f for f in EDITABLE_FIELDS if f not in {"kind", "audience", "commissioned", "is_crisis"}
)


def _service_from_row(
    cells: dict[str, str], organisation: Organisation, schools: dict[str, School]
) -> tuple[Service, list[str]]:
    """One row of the file as an unsaved service, with what is wrong with it."""
    problems: list[str] = []
    kind = _KINDS.get(cells.get("kind", "").lower())
    if kind is None:
        problems.append(f"'{quoted(cells.get('kind', ''))}' is not a kind of service")
    audience = _AUDIENCES.get(cells.get("audience", "").lower())
    if audience is None:
        problems.append(f"'{quoted(cells.get('audience', ''))}' is not an audience")
    urn = cells.get("school_urn", "")
    school = schools.get(urn) if urn else None
    if urn and school is None:
        problems.append(f"No school with URN '{quoted(urn)}' belongs to {organisation.name}")
    service = Service(
        **{column: cells.get(column, "") for column in _TEXT_COLUMNS},
        kind=kind or "",
        audience=audience or "",
        commissioned=cells.get("commissioned", "").lower() in _TRUE,
        is_crisis=cells.get("crisis", "").lower() in _TRUE,
        organisation=organisation,
        school=school,
        scope=Service.Scope.SCHOOL if school else Service.Scope.ORGANISATION,
    )
    domains = [d.strip().lower() for d in cells.get("domains", "").split(";") if d.strip()]
    try:
        service.domains = _domains_text(domains)
        if not problems:
            service.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            label = field.replace("_", " ") if field != "__all__" else ""
            problems.extend(f"{label}: {m}" if label else m for m in messages)
    return service, problems


def services_import(*, organisation: Organisation, file: IO[bytes]) -> int:
    """Import the organisation's services from CSV: every row valid, or nothing at all.

    Columns: name, kind, description (required); provider, audience, phone, text_number,
    email, url, hours, cost, commissioned, crisis, domains (separated by ;), tags, school_urn.
    """
    data = file.read(settings.PORTAL_STAFF_IMPORT_MAX_BYTES + 1)
    schools = {s.urn: s for s in School.objects.filter(responsible_body=organisation)}
    services: list[Service] = []
    problems: list[ImportProblem] = []
    for line, cells in csv_rows(
        data, required=IMPORT_COLUMNS, max_bytes=settings.PORTAL_STAFF_IMPORT_MAX_BYTES
    ):
        service, row_problems = _service_from_row(cells, organisation, schools)
        if row_problems:
            problems.append(ImportProblem(line, "; ".join(row_problems)))
        else:
            services.append(service)
    if problems:
        raise ImportRejected(problems)
    if not services:
        raise ImportRejected([ImportProblem(0, "The file has column names but no services.")])
    with transaction.atomic():
        Service.objects.bulk_create(services)
    return len(services)


# Buddies ----------------------------------------------------------------------------


def buddy_profile_save(
    *,
    user: User,
    school: School,
    ofsted_experience: bool,
    experience_note: str,
    capacity: int,
    available: bool,
    availability: str,
    profile: str,
) -> BuddyProfile:
    """Offer (or update an offer) to buddy, from the school where the user leads."""
    if not school_leaders_reach(user).covers(school):
        raise ValidationError({"school": "Choose a school where you are a head or leader."})
    offer = BuddyProfile.objects.filter(user=user).first() or BuddyProfile(user=user)
    offer.school = school
    offer.ofsted_experience = ofsted_experience
    offer.experience_note = experience_note
    offer.capacity = capacity
    offer.available = available
    offer.availability = availability
    offer.profile = profile
    offer.full_clean()
    offer.save()
    return offer


@transaction.atomic
def buddy_pair(
    *, head: Membership, profile_id: int, confirmed_by: User, reasons: str = ""
) -> BuddyPairing:
    """Pair a head with a buddy the lead chose, re-checking the hard rules under a lock."""
    assert head.school is not None
    # Lock the head too: two leads pairing one head with different buddies queue here.
    User.objects.select_for_update().filter(pk=head.user_id).first()
    profile = (
        BuddyProfile.objects.select_for_update()
        .select_related("school", "user")
        .filter(pk=profile_id, school__responsible_body_id=head.school.responsible_body_id)
        .first()
    )
    if profile is None:
        raise ValidationError("Choose one of the suggested buddies.")
    active = profile.pairings.filter(status=BuddyPairing.Status.ACTIVE).count()
    if not profile.available or active >= profile.capacity:
        raise ValidationError(f"{profile.user.full_name} has no capacity for another head.")
    if (
        profile.school_id == head.school_id
        or profile.user_id == head.user_id
        or Membership.objects.filter(user_id=profile.user_id, school=head.school).exists()
    ):
        raise ValidationError("A buddy must come from another school.")
    if BuddyPairing.objects.filter(head=head.user, status=BuddyPairing.Status.ACTIVE).exists():
        raise ValidationError(f"{head.user.full_name} already has a buddy.")
    pairing = BuddyPairing.objects.create(
        buddy=profile,
        head=head.user,
        head_school=head.school,
        started_on=timezone.localdate(),
        confirmed_by=confirmed_by,
        reasons=reasons[:300],
    )
    context = {"pairing": pairing, "buddy": profile.user, "head": head.user, "school": head.school}
    for person, template in (
        (profile.user, "buddy_paired_buddy"),
        (head.user, "buddy_paired_head"),
    ):
        email_enqueue_from_templates(
            kind="directory.buddy_paired",
            obj=f"pairing:{pairing.pk}",
            to=person.email,
            template=f"emails/support_directory/{template}",
            context={**context, "user": person},
            recipient_id=person.pk,
        )
    return pairing


def buddy_pairing_end(*, pairing: BuddyPairing) -> BuddyPairing:
    """End a pairing; it stays in the history."""
    pairing.status = BuddyPairing.Status.ENDED
    pairing.ended_on = timezone.localdate()
    pairing.save(update_fields=["status", "ended_on"])
    return pairing


def ofsted_contact_save(
    *,
    organisation: Organisation,
    name: str,
    experience: str,
    phone: str,
    when_available: str,
    email: str = "",
) -> OfstedContact:
    """Add someone with Ofsted experience to the organisation's contacts."""
    contact = OfstedContact(
        organisation=organisation,
        name=name,
        experience=experience,
        phone=phone,
        email=email,
        when_available=when_available,
    )
    contact.full_clean()
    contact.save()
    return contact


# Shared resources -------------------------------------------------------------------


def resource_share(
    *,
    author: User,
    organisation: Organisation,
    title: str,
    description: str,
    tags: str = "",
    url: str = "",
    file: IO[bytes] | None = None,
    file_name: str = "",
) -> SharedResource:
    """A head shares a resource; it waits for the wellbeing lead before others see it."""
    if bool(url.strip()) == (file is not None):
        raise ValidationError("Give a link or a file: one of them.")
    resource = SharedResource(
        organisation=organisation,
        author=author,
        title=title.strip(),
        description=description.strip(),
        tags=tags.strip(),
        url=url.strip(),
    )
    if file is not None:
        attach_upload(resource, file, file_name)
    full_clean_keeping_no_orphan(resource)
    resource.save()
    return resource


def resource_moderate(
    *, resource: SharedResource, approve: bool, moderator: User
) -> SharedResource:
    """The wellbeing lead shares a resource, or does not."""
    resource.status = SharedResource.Status.APPROVED if approve else SharedResource.Status.REJECTED
    resource.moderated_by = moderator
    resource.save(update_fields=["status", "moderated_by"])
    return resource


def resource_mark_helped(*, resource: SharedResource, user: User) -> bool:
    """Count 'this helped me' once per person; True if this was the first time."""
    if resource.status != SharedResource.Status.APPROVED:
        raise ValidationError("Only a shared resource can be marked.")
    _, created = HelpedMark.objects.get_or_create(resource=resource, user=user)
    return created
