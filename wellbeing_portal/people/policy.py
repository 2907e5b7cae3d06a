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
        return self.has_organisation_role(
            school.responsible_body_id, {Role.SENIOR_OFFICER, Role.WELLBEING_LEAD}
        )

    def is_assigned_officer(self, school: School) -> bool:
        return school.pk in self.assigned_school_ids


_ANONYMOUS = Access(user_id=None, is_platform_admin=False)


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


def organisations_led_by(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations where the user is a wellbeing lead (who runs the portal for them)."""
    return Organisation.objects.filter(
        pk__in=access_for(user).organisation_ids({Role.WELLBEING_LEAD})
    )


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
    return access_for(user).has_organisation_role(organisation.pk, {Role.WELLBEING_LEAD})


def can_read_school_inspections(user: AnyUser, school: School) -> bool:
    """SPEC §2: the head, assigned officers, senior officers and the chair of governors."""
    access = access_for(user)
    return (
        access.has_school_role(school, SCHOOL_LEADERS)
        or access.is_assigned_officer(school)
        or access.has_organisation_role(school.responsible_body_id, {Role.SENIOR_OFFICER})
        or access.is_chair_at(school)
    )


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
    led = access.organisation_ids({Role.WELLBEING_LEAD})
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
    return access.is_platform_admin or bool(access.organisation_ids({Role.WELLBEING_LEAD}))
