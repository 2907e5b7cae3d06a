"""The policy layer: the one place that decides who may see or do what.

Every view scopes its querysets with a `*_visible_to(user)` function from here (or a
selector built on one), and fetches single objects with a `*_get_for_user` function that
raises Http404 both for "does not exist" and for "not yours", so that a URL never
reveals that something outside your scope exists.

An organisation's reach is the schools it is the responsible body for. A local
authority does not see the academies in its area: those belong to their trust.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Q, QuerySet
from django.http import Http404

from .models import (
    MFA_ROLES,
    Membership,
    OfficerAssignment,
    Organisation,
    Role,
    School,
    User,
)

AnyUser = User | AnonymousUser

SCHOOL_LEADERS = frozenset({Role.HEADTEACHER, Role.SCHOOL_LEADER})
OFFICERS = frozenset({Role.LINK_OFFICER, Role.SENIOR_OFFICER})
# A school's leaders and its wellbeing champion read its full survey results, and take actions.
FULL_SCHOOL_READERS = SCHOOL_LEADERS | {Role.WELLBEING_CHAMPION}
# Who oversees an organisation as a whole: trust-wide survey results, every report.
OVERSEERS = frozenset({Role.WELLBEING_LEAD, Role.SENIOR_OFFICER})
# Who reads a school's survey results once the lead has published them (besides its leaders).
PUBLISHED_RESULTS_READERS = frozenset({Role.STAFF, Role.GOVERNOR})
SENIOR_OFFICERS = frozenset({Role.SENIOR_OFFICER})
WELLBEING_LEADS = frozenset({Role.WELLBEING_LEAD})
HEADTEACHERS = frozenset({Role.HEADTEACHER})
GOVERNORS = frozenset({Role.GOVERNOR})
LINK_OFFICERS = frozenset({Role.LINK_OFFICER})
WELLBEING_CHAMPIONS = frozenset({Role.WELLBEING_CHAMPION})
# Who may ask for governor reports (and sees Reports in the header).
REPORT_REQUESTERS = OVERSEERS | GOVERNORS
# Who reads the Ofsted-experienced contacts' personal numbers (besides school leaders).
OFSTED_CONTACT_READERS = OFFICERS | WELLBEING_LEADS
# Roles that read confidential records: inspection records and their concerns (school
# leaders, link officers, senior officers; see `can_read_school_inspections`) or survey
# comments (school leaders; the wellbeing lead, who redacts them). A governor reads
# inspection records only as chair: see `is_confidential_role`. Nobody may give one of
# these to themselves, and only a senior officer or a platform admin gives one at all.
CONFIDENTIAL_ROLES = SCHOOL_LEADERS | OFFICERS | {Role.WELLBEING_LEAD}


def is_confidential_role(role: str, *, is_chair: bool = False) -> bool:
    """Whether holding `role` (as chair of governors, if `is_chair`) opens confidential records."""
    return role in CONFIDENTIAL_ROLES or (role == Role.GOVERNOR and is_chair)


@dataclass(frozen=True)
class Access:
    """What one user holds, loaded once per request (two queries) and reused by every check."""

    user_id: int | None
    is_platform_admin: bool
    memberships: tuple[Membership, ...] = ()
    assigned_school_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def requires_mfa(self) -> bool:
        return self.is_platform_admin or any(m.role in MFA_ROLES for m in self.memberships)

    def roles(self) -> set[str]:
        return {m.role for m in self.memberships}

    def holds_any(self, roles: Iterable[str]) -> bool:
        """Whether the user holds one of `roles` anywhere (a school or an organisation)."""
        return not self.roles().isdisjoint(roles)

    def school_ids(self, roles: Iterable[str] | None = None) -> set[int]:
        """Schools where the user holds one of `roles` directly (any school role if None)."""
        wanted = set(roles) if roles is not None else None
        return {
            m.school_id
            for m in self.memberships
            if m.school_id is not None and (wanted is None or m.role in wanted)
        }

    def organisation_ids(self, roles: Iterable[str] | None = None) -> set[int]:
        """Organisations where the user holds one of `roles` (any organisation role if None)."""
        wanted = set(roles) if roles is not None else None
        return {
            m.organisation_id
            for m in self.memberships
            if m.organisation_id is not None and (wanted is None or m.role in wanted)
        }

    def has_school_role(self, school: School, roles: Iterable[str]) -> bool:
        return school.pk in self.school_ids(roles)

    def has_organisation_role(self, organisation_id: int, roles: Iterable[str]) -> bool:
        return organisation_id in self.organisation_ids(roles)

    def is_chair_at(self, school: School) -> bool:
        return any(m.school_id == school.pk and m.is_chair for m in self.memberships)

    def oversees(self, school: School) -> bool:
        """A senior officer or wellbeing lead of the school's responsible body."""
        return self.has_organisation_role(school.responsible_body_id, OVERSEERS)

    def is_assigned_officer(self, school: School) -> bool:
        return school.pk in self.assigned_school_ids


_ANONYMOUS = Access(user_id=None, is_platform_admin=False)


@dataclass(frozen=True)
class SchoolReach:
    """The schools a rule opens to one user: some named directly, and every school of
    some organisations. A rule is written once, as a function from the user to a reach,
    and both questions come from that one answer (after Zulip's `access_stream_common`):
    `q()` filters a queryset, and `covers(school)` answers yes or no for one school,
    from the same role data and without a query."""

    school_ids: frozenset[int] = frozenset()
    organisation_ids: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        """Whether the rule opens any school at all."""
        return bool(self.school_ids or self.organisation_ids)

    def covers(self, school: School) -> bool:
        return school.pk in self.school_ids or school.responsible_body_id in self.organisation_ids

    def q(self, path: str = "") -> Q:
        """The filter for a queryset whose `path` leads to a school ("" on School itself,
        "school" on a model with a school, "inspection__school" one step further)."""
        prefix = f"{path}__" if path else ""
        return Q(**{f"{prefix}pk__in": self.school_ids}) | Q(
            **{f"{prefix}responsible_body_id__in": self.organisation_ids}
        )


def access_for(user: AnyUser) -> Access:
    """The user's roles, cached on the user object for the rest of the request."""
    if not user.is_authenticated:
        return _ANONYMOUS
    cached: Access | None = getattr(user, "_portal_access", None)
    if cached is not None:
        return cached
    memberships = tuple(
        Membership.objects.filter(user=user).select_related("school", "organisation")
    )
    assigned = frozenset(
        OfficerAssignment.objects.filter(
            membership__user=user,
            membership__role=Role.LINK_OFFICER,
            # An assignment lapses if the school moves to another responsible body.
            school__responsible_body_id=F("membership__organisation_id"),
        ).values_list("school_id", flat=True)
    )
    access = Access(
        user_id=user.pk,
        is_platform_admin=bool(user.is_staff or user.is_superuser),
        memberships=memberships,
        assigned_school_ids=assigned,
    )
    user._portal_access = access  # type: ignore[attr-defined]
    return access


# Schools and organisations ----------------------------------------------------------


def schools_visible_to(user: AnyUser) -> QuerySet[School]:
    """Schools where the user holds a role, and every school of an organisation they work for."""
    access = access_for(user)
    if not access.is_authenticated:
        return School.objects.none()
    return School.objects.filter(
        Q(pk__in=access.school_ids()) | Q(responsible_body_id__in=access.organisation_ids())
    ).select_related("responsible_body")


def school_get_for_user(*, user: AnyUser, pk: int) -> School:
    """One school in the user's scope, or Http404 (also when it exists but is not theirs)."""
    try:
        return schools_visible_to(user).get(pk=pk)
    except School.DoesNotExist:
        raise Http404("No such school.") from None


def organisations_visible_to(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations the user works for, and the responsible bodies of their schools."""
    access = access_for(user)
    if not access.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        Q(pk__in=access.organisation_ids()) | Q(schools__pk__in=access.school_ids())
    ).distinct()


def organisation_ids_led_by(user: AnyUser) -> frozenset[int]:
    """The ids of the organisations where the user is a wellbeing lead: the one rule
    behind `organisations_led_by` and every "only the lead of its organisation" check."""
    return frozenset(access_for(user).organisation_ids(WELLBEING_LEADS))


def organisations_led_by(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations where the user is a wellbeing lead (who runs the portal for them)."""
    return Organisation.objects.filter(pk__in=organisation_ids_led_by(user))


def organisation_led_get_for_user(*, user: AnyUser, slug: str) -> Organisation:
    """An organisation the user leads as wellbeing lead, or Http404."""
    try:
        return organisations_led_by(user).get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404("No such organisation.") from None


def schools_assigned_to(user: AnyUser) -> QuerySet[School]:
    """Schools the user covers as a link officer."""
    return School.objects.filter(pk__in=access_for(user).assigned_school_ids).order_by("name")


# Questions about one object ---------------------------------------------------------


def can_manage_people(user: AnyUser, organisation: Organisation) -> bool:
    """Only the organisation's wellbeing lead imports and manages its staff."""
    return access_for(user).has_organisation_role(organisation.pk, WELLBEING_LEADS)


# Rules over schools: each is the one place its answer is decided ----------------------


def school_leaders_reach(user: AnyUser) -> SchoolReach:
    """The schools where the user is the head or a school leader."""
    return SchoolReach(school_ids=frozenset(access_for(user).school_ids(SCHOOL_LEADERS)))


def senior_officers_reach(user: AnyUser) -> SchoolReach:
    """Every school of the organisations where the user is a senior officer."""
    organisations = access_for(user).organisation_ids(SENIOR_OFFICERS)
    return SchoolReach(organisation_ids=frozenset(organisations))


def inspection_officers_reach(user: AnyUser) -> SchoolReach:
    """The schools whose inspections the user handles as an officer: those they cover as
    link officer, and every school of their organisations as senior officer."""
    senior = senior_officers_reach(user)
    assigned = access_for(user).assigned_school_ids
    return SchoolReach(school_ids=assigned, organisation_ids=senior.organisation_ids)


def inspection_loggers_reach(user: AnyUser) -> SchoolReach:
    """Who logs Ofsted's call for a school: its head and leaders, and its officers."""
    officers = inspection_officers_reach(user)
    return SchoolReach(
        school_ids=school_leaders_reach(user).school_ids | officers.school_ids,
        organisation_ids=officers.organisation_ids,
    )


def inspection_readers_reach(user: AnyUser) -> SchoolReach:
    """SPEC §2, whose inspection records a user reads: the head and school leaders, the
    assigned link officers, the senior officers and the chair of governors."""
    loggers = inspection_loggers_reach(user)
    chaired = {m.school_id for m in access_for(user).memberships if m.is_chair and m.school_id}
    return SchoolReach(
        school_ids=loggers.school_ids | chaired, organisation_ids=loggers.organisation_ids
    )


def can_read_school_inspections(user: AnyUser, school: School) -> bool:
    """SPEC §2: the head, assigned officers, senior officers and the chair of governors."""
    return inspection_readers_reach(user).covers(school)


def people_erasable_by(user: AnyUser) -> QuerySet[User]:
    """People `user` may erase: anyone but themselves for a platform admin; for a wellbeing
    lead, people (not platform admins) whose every role is in the lead's organisations or
    their schools (someone who also works elsewhere is erased by a platform admin)."""
    access = access_for(user)
    if access.user_id is None:
        return User.objects.none()
    people = User.objects.exclude(pk=access.user_id)
    if access.is_platform_admin:
        return people
    led = access.organisation_ids(WELLBEING_LEADS)
    if not led:
        return User.objects.none()
    inside = Q(organisation_id__in=led) | Q(school__responsible_body_id__in=led)
    return people.filter(
        pk__in=Membership.objects.filter(inside).values("user_id"),
        is_staff=False,
        is_superuser=False,
    ).exclude(pk__in=Membership.objects.exclude(inside).values("user_id"))


def person_erasable_get_for_user(*, user: AnyUser, pk: int) -> User:
    """A person `user` may erase, or Http404 (also for themselves and people out of scope)."""
    try:
        return people_erasable_by(user).get(pk=pk)
    except User.DoesNotExist:
        raise Http404("No such person.") from None


def can_erase_people(user: AnyUser) -> bool:
    """Wellbeing leads (for their organisations) and platform admins erase people."""
    access = access_for(user)
    return access.is_platform_admin or bool(access.organisation_ids(WELLBEING_LEADS))
