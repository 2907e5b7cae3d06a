"""Demo people and places: a trust and a local authority, schools of every phase, and a
person in every role with a documented login (see the README). Safe to run again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from wellbeing_portal.people.models import Membership, Organisation, Role, School, User
from wellbeing_portal.people.services import membership_create, officer_assign, user_create

DEMO_PASSWORD = "wellbeing-demo"

FIRST_NAMES = (
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Femi",
    "Grace",
    "Harry",
    "Isla",
    "Jamal",
    "Kate",
    "Liam",
    "Maya",
    "Noah",
    "Olivia",
    "Priya",
    "Rosa",
    "Tom",
    "Uma",
    "Zak",
)
LAST_NAMES = (
    "Adams",
    "Begum",
    "Clarke",
    "Davies",
    "Evans",
    "Fraser",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nowak",
    "Owen",
    "Price",
    "Roberts",
    "Shah",
)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    name: str
    what: str


# The logins the README documents: one for every role.
DEMO_LOGINS = (
    DemoLogin("staff@riverside.example.org", "Sam Patel", "Staff member, Oakfield Primary Academy"),
    DemoLogin(
        "head@riverside.example.org", "Helen Okafor", "Headteacher, Oakfield Primary Academy"
    ),
    DemoLogin(
        "deputy@riverside.example.org",
        "Daniel Price",
        "School leader (deputy head), Riverside Academy",
    ),
    DemoLogin(
        "champion@riverside.example.org",
        "Chris Wong",
        "Wellbeing champion, Oakfield Primary Academy",
    ),
    DemoLogin(
        "chair@riverside.example.org",
        "Gloria Mensah",
        "Chair of governors, Oakfield Primary Academy",
    ),
    DemoLogin(
        "governor@riverside.example.org",
        "Peter Hall",
        "Wellbeing lead governor, Oakfield Primary Academy",
    ),
    DemoLogin(
        "officer@riverside.example.org",
        "Olu Bakare",
        "School improvement partner (link officer) for Oakfield and Brookside",
    ),
    DemoLogin(
        "senior@riverside.example.org", "Sarah Lin", "Senior officer, Riverside Learning Trust"
    ),
    DemoLogin(
        "lead@riverside.example.org", "Lucy Ward", "Wellbeing lead, Riverside Learning Trust"
    ),
    DemoLogin("admin@riverside.example.org", "Alex Reid", "Platform admin (Django admin)"),
    DemoLogin(
        "head@northshire.example.org", "Mark Ellis", "Headteacher, St Anne's CofE Primary School"
    ),
    DemoLogin(
        "officer@northshire.example.org",
        "Nadia Rahman",
        "Link learning partner, Northshire County Council",
    ),
    DemoLogin(
        "senior@northshire.example.org", "Ian Ford", "Senior officer, Northshire County Council"
    ),
    DemoLogin(
        "lead@northshire.example.org", "Jo Kent", "Wellbeing lead, Northshire County Council"
    ),
)

SCHOOLS = (
    # name, URN, phase, responsible body slug, last inspection
    ("Oakfield Primary Academy", "900101", School.Phase.PRIMARY, "riverside", dt.date(2023, 3, 15)),
    ("Riverside Academy", "900102", School.Phase.SECONDARY, "riverside", dt.date(2025, 1, 22)),
    (
        "Brookside All-Through School",
        "900103",
        School.Phase.ALL_THROUGH,
        "riverside",
        dt.date(2022, 6, 8),
    ),
    (
        "Willow Bank Special School",
        "900104",
        School.Phase.SPECIAL,
        "riverside",
        dt.date(2024, 5, 9),
    ),
    (
        "Heron Alternative Provision Academy",
        "900105",
        School.Phase.ALTERNATIVE_PROVISION,
        "riverside",
        None,
    ),
    (
        "Hillcrest Nursery School",
        "900201",
        School.Phase.NURSERY,
        "northshire",
        dt.date(2021, 11, 3),
    ),
    (
        "St Anne's CofE Primary School",
        "900202",
        School.Phase.PRIMARY,
        "northshire",
        dt.date(2023, 10, 11),
    ),
    (
        "Meadow Lane Middle School",
        "900203",
        School.Phase.MIDDLE,
        "northshire",
        dt.date(2024, 2, 28),
    ),
    (
        "Northshire High School",
        "900204",
        School.Phase.SECONDARY,
        "northshire",
        dt.date(2025, 6, 18),
    ),
    (
        "Northshire Sixth Form College",
        "900205",
        School.Phase.POST_16,
        "northshire",
        dt.date(2022, 1, 26),
    ),
)

STAFF_PER_SCHOOL = 12


def _organisation(slug: str, name: str, kind: str, title: str) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        slug=slug, defaults={"name": name, "kind": kind, "link_officer_title": title}
    )
    return organisation


def _person(email: str, name: str, *, can_sign_in: bool = True) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        password = DEMO_PASSWORD if can_sign_in else None
        user = user_create(email=email, full_name=name, password=password)
    return user


def _role(
    user: User,
    role: str,
    *,
    school: School | None = None,
    organisation: Organisation | None = None,
    **extra: object,
) -> Membership:
    existing = Membership.objects.filter(
        user=user, role=role, school=school, organisation=organisation
    ).first()
    return existing or membership_create(
        user=user,
        role=role,
        school=school,
        organisation=organisation,
        **extra,  # type: ignore[arg-type]
    )


@transaction.atomic
def seed_people() -> dict[str, int]:
    """Build the demo organisations, schools and people; return what now exists."""
    trust = _organisation(
        "riverside",
        "Riverside Learning Trust",
        Organisation.Kind.TRUST,
        "School improvement partner",
    )
    la = _organisation(
        "northshire",
        "Northshire County Council",
        Organisation.Kind.LOCAL_AUTHORITY,
        "Link learning partner",
    )
    _organisation(
        "northshire-heads",
        "Northshire Headteachers' Association",
        Organisation.Kind.PARTNER,
        "Link officer",
    )
    schools = _schools({"riverside": trust, "northshire": la}, la_area=la)
    logins = {login.email: _person(login.email, login.name) for login in DEMO_LOGINS}
    User.objects.filter(email="admin@riverside.example.org").update(
        is_staff=True, is_superuser=True
    )
    _riverside_roles(logins, schools, trust)
    _northshire_roles(logins, schools, la)
    _staff_rooms(schools)
    return {
        "organisations": Organisation.objects.count(),
        "schools": School.objects.count(),
        "people": User.objects.count(),
        "roles": Membership.objects.count(),
    }


def _schools(bodies: dict[str, Organisation], *, la_area: Organisation) -> dict[str, School]:
    schools: dict[str, School] = {}
    for name, urn, phase, body, inspected in SCHOOLS:
        school, _ = School.objects.get_or_create(
            urn=urn,
            defaults={
                "name": name,
                "phase": phase,
                "responsible_body": bodies[body],
                "la_area": la_area,
                "last_inspection_date": inspected,
            },
        )
        schools[urn] = school
    return schools


def _riverside_roles(
    logins: dict[str, User], schools: dict[str, School], trust: Organisation
) -> None:
    oakfield, riverside_academy, brookside = schools["900101"], schools["900102"], schools["900103"]
    _role(logins["staff@riverside.example.org"], Role.STAFF, school=oakfield)
    _role(logins["head@riverside.example.org"], Role.HEADTEACHER, school=oakfield)
    _role(
        logins["deputy@riverside.example.org"],
        Role.SCHOOL_LEADER,
        school=riverside_academy,
        title="Deputy headteacher",
    )
    _role(logins["champion@riverside.example.org"], Role.WELLBEING_CHAMPION, school=oakfield)
    _role(logins["chair@riverside.example.org"], Role.GOVERNOR, school=oakfield, is_chair=True)
    _role(
        logins["governor@riverside.example.org"],
        Role.GOVERNOR,
        school=oakfield,
        is_wellbeing_lead_governor=True,
    )
    officer = _role(logins["officer@riverside.example.org"], Role.LINK_OFFICER, organisation=trust)
    officer_assign(membership=officer, school=oakfield)
    officer_assign(membership=officer, school=brookside)
    _role(
        logins["senior@riverside.example.org"],
        Role.SENIOR_OFFICER,
        organisation=trust,
        title="Director of education",
    )
    _role(logins["lead@riverside.example.org"], Role.WELLBEING_LEAD, organisation=trust)


def _northshire_roles(
    logins: dict[str, User], schools: dict[str, School], la: Organisation
) -> None:
    _role(logins["head@northshire.example.org"], Role.HEADTEACHER, school=schools["900202"])
    la_officer = _role(logins["officer@northshire.example.org"], Role.LINK_OFFICER, organisation=la)
    for urn in ("900201", "900202", "900203"):
        officer_assign(membership=la_officer, school=schools[urn])
    _role(logins["senior@northshire.example.org"], Role.SENIOR_OFFICER, organisation=la)
    _role(logins["lead@northshire.example.org"], Role.WELLBEING_LEAD, organisation=la)


def _staff_rooms(schools: dict[str, School]) -> None:
    """Every school gets a head and a staff room, so that later features have people to
    count."""
    for index, school in enumerate(schools.values()):
        if not Membership.objects.filter(school=school, role=Role.HEADTEACHER).exists():
            name = f"{FIRST_NAMES[index % 20]} {LAST_NAMES[(index * 7) % 18]}"
            head = _person(f"head.{school.urn}@schools.example.org", name, can_sign_in=False)
            _role(head, Role.HEADTEACHER, school=school)
        for n in range(STAFF_PER_SCHOOL):
            name = f"{FIRST_NAMES[(index + n) % 20]} {LAST_NAMES[(index * 3 + n) % 18]}"
            member = _person(
                f"staff{n + 1}.{school.urn}@schools.example.org", name, can_sign_in=False
            )
            _role(member, Role.STAFF, school=school)
