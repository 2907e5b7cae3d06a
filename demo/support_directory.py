"""Demo directory: buddies, Ofsted-experienced contacts, shared resources, and services: the national lines every school staff member should find (numbers and
hours as published; see DOMAIN.md §6), and a few the demo organisations commission.
Phone numbers of the made-up services are in Ofcom's range reserved for drama (01632 960xxx).
Safe to run again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from support_directory.models import (
    BuddyPairing,
    BuddyProfile,
    HelpedMark,
    OfstedContact,
    Service,
    SharedResource,
)
from wellbeing_portal.people.models import Membership, Organisation, Role, School, User

NATIONAL: tuple[dict[str, Any], ...] = (
    {
        "name": "Education Support helpline",
        "provider": "Education Support",
        "kind": "helpline",
        "description": "Free, confidential emotional support for everyone working in education, "
        "from qualified counsellors, including up to six sessions of structured telephone counselling.",
        "phone": "08000 562 561",
        "url": "https://www.educationsupport.org.uk/",
        "hours": "24 hours, every day",
        "is_crisis": True,
        "domains": ",health,security,relationships,",
        "tags": "teachers, stress, counselling, burnout",
    },
    {
        "name": "Samaritans",
        "provider": "Samaritans",
        "kind": "helpline",
        "description": "Someone to talk to about anything that is troubling you, however large or small. "
        "Free from any phone, and it does not show on your bill.",
        "phone": "116 123",
        "email": "jo@samaritans.org",
        "url": "https://www.samaritans.org/",
        "hours": "24 hours, every day",
        "is_crisis": True,
        "domains": ",health,relationships,",
        "tags": "suicide, despair, listening",
    },
    {
        "name": "Shout",
        "provider": "Mental Health Innovations",
        "kind": "helpline",
        "description": "A free, confidential text service for anyone in the UK who is struggling to cope.",
        "text_number": "Text SHOUT to 85258",
        "url": "https://giveusashout.org/",
        "hours": "24 hours, every day",
        "is_crisis": True,
        "domains": ",health,",
        "tags": "text, anxiety, crisis",
    },
    {
        "name": "NHS 111 mental health option",
        "provider": "NHS England",
        "kind": "helpline",
        "description": "Urgent mental health help for you or someone you care about: call 111 and choose "
        "the mental health option to speak to a trained professional.",
        "phone": "111",
        "url": "https://111.nhs.uk/",
        "hours": "24 hours, every day",
        "is_crisis": True,
        "domains": ",health,",
        "tags": "urgent, crisis, NHS",
    },
    {
        "name": "Professional supervision for school leaders",
        "provider": "Education Support",
        "kind": "supervision",
        "audience": "heads",
        "description": "One-to-one professional supervision and peer support groups for headteachers and "
        "school leaders, funded by the Department for Education.",
        "url": "https://www.educationsupport.org.uk/",
        "hours": "By appointment",
        "domains": ",health,relationships,purpose,",
        "tags": "headteachers, supervision, peer support",
    },
)

COMMISSIONED: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        "riverside",
        {
            "name": "Riverside employee assistance programme",
            "provider": "CareFirst Wellbeing (demo)",
            "kind": "employee_assistance",
            "commissioned": True,
            "description": "Confidential advice on money, family, legal and work worries, and up to "
            "eight counselling sessions, for every member of staff and their household.",
            "phone": "01632 960 123",
            "hours": "24 hours, every day",
            "domains": ",health,security,relationships,",
            "tags": "EAP, counselling, debt, legal",
        },
    ),
    (
        "riverside",
        {
            "name": "Coaching for new headteachers",
            "provider": "Clear Minds Coaching (demo)",
            "kind": "coaching",
            "audience": "heads",
            "commissioned": True,
            "description": "Six coaching conversations in a head's first two years, to build "
            "resilience and a sustainable way of leading.",
            "email": "coaching@example.org",
            "hours": "Weekdays, by appointment",
            "domains": ",purpose,health,",
            "tags": "leadership, coaching",
        },
    ),
    (
        "northshire",
        {
            "name": "Northshire heads' peer support circle",
            "provider": "Northshire County Council",
            "kind": "peer_network",
            "audience": "heads",
            "commissioned": True,
            "description": "A termly, confidential circle where headteachers talk through what is "
            "weighing on them with peers, facilitated by a trained supervisor.",
            "phone": "01632 960 456",
            "hours": "Once a term, after school",
            "domains": ",relationships,purpose,",
            "tags": "peer support, supervision",
        },
    ),
)


@transaction.atomic
def seed_services() -> int:
    for fields in NATIONAL:
        Service.objects.get_or_create(
            name=fields["name"], scope=Service.Scope.NATIONAL, defaults=fields
        )
    for slug, fields in COMMISSIONED:
        organisation = Organisation.objects.get(slug=slug)
        Service.objects.get_or_create(
            name=fields["name"],
            organisation=organisation,
            defaults={**fields, "scope": Service.Scope.ORGANISATION},
        )
    return Service.objects.count()


# Experienced heads offering to buddy: email, school URN, Ofsted experience, note, capacity.
BUDDY_OFFERS: tuple[tuple[str, str, bool, str, int], ...] = (
    (
        "head.900102@schools.example.org",
        "900102",
        True,
        "Led Riverside Academy through two inspections.",
        2,
    ),
    (
        "head.900104@schools.example.org",
        "900104",
        True,
        "Inspected in 2024 as head; trained as an Ofsted Inspector.",
        1,
    ),
    ("head.900203@schools.example.org", "900203", False, "", 1),
)

# Ofsted-experienced contacts: organisation slug, name, experience, phone, when available.
OFSTED_CONTACTS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "riverside",
        "Margaret Cole",
        "Former HMI; head of two schools judged good",
        "01632 960 701",
        "Weekdays 7.30am to 6pm, term time",
    ),
    (
        "riverside",
        "Dev Patel",
        "Serving Ofsted Inspector and secondary head",
        "01632 960 702",
        "Weekdays after 3.30pm",
    ),
    (
        "northshire",
        "Hannah Scott",
        "Northshire's lead for inspection support",
        "01632 960 703",
        "Weekdays 8am to 5pm",
    ),
)


@transaction.atomic
def seed_buddies() -> int:
    """Experienced heads offering to buddy, one pairing, and Ofsted-experienced contacts.

    Oakfield's head (in the window) is left without a buddy, so that the wellbeing lead
    sees the matching at work."""
    _add_buddy_offers()
    _add_buddy_pairing()
    _add_ofsted_contacts()
    _add_shared_resources()
    return BuddyProfile.objects.count()


def _add_buddy_offers() -> None:
    """Build a buddy profile for each of `BUDDY_OFFERS` whose head and school exist."""
    for email, urn, experienced, note, capacity in BUDDY_OFFERS:
        user = User.objects.filter(email=email).first()
        school = School.objects.filter(urn=urn).first()
        if user is None or school is None:
            continue
        BuddyProfile.objects.get_or_create(
            user=user,
            defaults={
                "school": school,
                "ofsted_experience": experienced,
                "experience_note": note,
                "capacity": capacity,
                "available": True,
                "availability": "after 4pm on weekdays",
                "profile": note,
            },
        )


def _add_buddy_pairing() -> None:
    """Build one pairing: Brookside's head with Willow Bank's, unless already paired."""
    brookside_head = Membership.objects.filter(school__urn="900103", role=Role.HEADTEACHER).first()
    willow = BuddyProfile.objects.filter(school__urn="900104").first()
    if (
        brookside_head
        and brookside_head.school
        and willow
        and not BuddyPairing.objects.filter(head=brookside_head.user).exists()
    ):
        BuddyPairing.objects.create(
            buddy=willow,
            head=brookside_head.user,
            head_school=brookside_head.school,
            started_on=dt.date(2026, 9, 7),
            reasons="Has led a school through an Ofsted inspection",
        )


def _add_ofsted_contacts() -> None:
    """Build the organisations' Ofsted-experienced contacts (`OFSTED_CONTACTS`)."""
    for slug, name, experience, phone, when in OFSTED_CONTACTS:
        OfstedContact.objects.get_or_create(
            organisation=Organisation.objects.get(slug=slug),
            name=name,
            defaults={"experience": experience, "phone": phone, "when_available": when},
        )


def _add_shared_resources() -> None:
    """Build Riverside's shared resources, if it has none: one approved and marked as
    helpful by two readers, and one still waiting for moderation."""
    head = User.objects.filter(email="head@riverside.example.org").first()
    lead = User.objects.filter(email="lead@riverside.example.org").first()
    riverside = Organisation.objects.get(slug="riverside")
    if (
        head is None
        or lead is None
        or SharedResource.objects.filter(organisation=riverside).exists()
    ):
        return
    shared = SharedResource.objects.create(
        organisation=riverside,
        author=head,
        title="Preparing your staff for the inspection call",
        description="A one-page plan I used to tell staff calmly, on the day of the call, what "
        "would happen and who would support them.",
        url="https://example.org/inspection-call-plan",
        tags="inspection, staff, communication",
        status=SharedResource.Status.APPROVED,
        moderated_by=lead,
    )
    _mark_helped(shared)
    SharedResource.objects.create(
        organisation=riverside,
        author=head,
        title="A supervision group that kept me going",
        description="Monthly group supervision with heads from other trusts.",
        url="https://example.org/heads-supervision",
        tags="supervision, peers",
    )


def _mark_helped(resource: SharedResource) -> None:
    """Build the "this helped me" marks of two demo readers on a shared resource."""
    for email in ("deputy@riverside.example.org", "head.900103@schools.example.org"):
        reader = User.objects.filter(email=email).first()
        if reader:
            HelpedMark.objects.get_or_create(resource=resource, user=reader)
