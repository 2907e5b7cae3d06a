"""Reads of the support directory, scoped by the requesting user.

Everyone signed in sees national services; people see their own organisation's services
and those of their own schools. Search uses PostgreSQL full-text search (the name
weighs more than the description and tags) and falls back to a plain word search on
other databases, which finds the same services without the ranking by weight.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from wellbeing_portal.people.models import Membership, Role, School
from wellbeing_portal.people.policy import (
    SCHOOL_LEADERS,
    AnyUser,
    access_for,
    organisations_visible_to,
    schools_visible_to,
)
from wellbeing_portal.people.selectors import school_in_window

from .matching import Candidate, Suggestion, rank_buddies
from .models import BuddyPairing, BuddyProfile, OfstedContact, Service, SharedResource


def services_visible_to(user: AnyUser) -> QuerySet[Service]:
    if not user.is_authenticated:
        return Service.objects.none()
    return Service.objects.filter(
        Q(scope=Service.Scope.NATIONAL)
        | Q(scope=Service.Scope.ORGANISATION, organisation__in=organisations_visible_to(user))
        | Q(scope=Service.Scope.SCHOOL, school__in=schools_visible_to(user))
    )


def service_get_for_user(*, user: AnyUser, pk: int) -> Service:
    try:
        return services_visible_to(user).select_related("organisation", "school").get(pk=pk)
    except Service.DoesNotExist:
        raise Http404("No such service.") from None


def crisis_services(*, user: AnyUser) -> QuerySet[Service]:
    """The services shown at the top of every directory page."""
    return services_visible_to(user).filter(is_crisis=True).order_by("name")


@dataclass(frozen=True)
class Filters:
    query: str = ""
    kind: str = ""
    audience: str = ""
    domain: str = ""
    scope: str = ""


def service_search(
    *, user: AnyUser, filters: Filters, full_text: bool | None = None
) -> QuerySet[Service]:
    """Services matching the filters; best match first when there is a query.

    `full_text` forces (True) or avoids (False) PostgreSQL's full-text search; by
    default it is used whenever the database is PostgreSQL.
    """
    services = services_visible_to(user)
    if filters.kind:
        services = services.filter(kind=filters.kind)
    if filters.audience:
        services = services.filter(audience=filters.audience)
    if filters.scope:
        services = services.filter(scope=filters.scope)
    if filters.domain:
        services = services.filter(domains__contains=f",{filters.domain},")
    query = " ".join(filters.query.split())[:200]
    if not query:
        return services.order_by("-is_crisis", "name")
    if full_text if full_text is not None else connection.vendor == "postgresql":
        vector = SearchVector("name", weight="A", config="english") + SearchVector(
            "description", "tags", "provider", weight="B", config="english"
        )
        search = SearchQuery(query, search_type="websearch", config="english")
        return (
            services.annotate(document=vector, rank=SearchRank(vector, search))
            .filter(document=search)
            .order_by("-rank", "name")
        )
    words = query.split()
    matches = Q()
    for word in words:
        matches &= (
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(tags__icontains=word)
            | Q(provider__icontains=word)
        )
    name_hits = Case(
        *[When(name__icontains=word, then=Value(1)) for word in words],
        default=Value(0),
        output_field=IntegerField(),
    )
    return services.filter(matches).annotate(name_hit=name_hits).order_by("-name_hit", "name")


# Buddies and Ofsted-experienced contacts ----------------------------------------------


def heads_without_buddy_in_window(*, user: AnyUser) -> list[Membership]:
    """For a wellbeing lead: heads of schools in the Ofsted window who have no active buddy."""
    organisations = access_for(user).organisation_ids({Role.WELLBEING_LEAD})
    memberships = (
        Membership.objects.filter(
            role=Role.HEADTEACHER, school__responsible_body_id__in=organisations
        )
        .exclude(user__buddy_pairings__status=BuddyPairing.Status.ACTIVE)
        .select_related("user", "school__responsible_body")
        .order_by("school__name")
    )
    today = timezone.localdate()
    return [m for m in memberships if m.school and school_in_window(m.school, today=today)]


def head_membership_for_matching(*, user: AnyUser, pk: int) -> Membership:
    """A head whom this wellbeing lead may pair, or 404."""
    organisations = access_for(user).organisation_ids({Role.WELLBEING_LEAD})
    try:
        return Membership.objects.select_related("user", "school__responsible_body").get(
            pk=pk, role__in=SCHOOL_LEADERS, school__responsible_body_id__in=organisations
        )
    except Membership.DoesNotExist:
        raise Http404("No such head.") from None


def buddy_candidates(*, organisation_id: int) -> list[Candidate]:
    """Every buddy profile in the organisation, as plain data for ranking (one query)."""
    profiles = (
        BuddyProfile.objects.filter(school__responsible_body_id=organisation_id)
        .select_related("user", "school__responsible_body")
        .annotate(active=Count("pairings", filter=Q(pairings__status=BuddyPairing.Status.ACTIVE)))
    )
    today = timezone.localdate()
    return [
        Candidate(
            profile_id=p.pk,
            user_id=p.user_id,
            name=p.user.full_name,
            school_id=p.school_id,
            school_name=p.school.name,
            phase=p.school.phase,
            phase_label=p.school.get_phase_display(),
            ofsted_experience=p.ofsted_experience,
            available=p.available,
            capacity=p.capacity,
            active_pairings=p.active,
            in_window=school_in_window(p.school, today=today),
        )
        for p in profiles
    ]


def buddy_suggestions(*, head: Membership) -> list[Suggestion]:
    assert head.school is not None
    return rank_buddies(
        buddy_candidates(organisation_id=head.school.responsible_body_id),
        head_user_id=head.user_id,
        head_school_id=head.school_id or 0,
        head_phase=head.school.phase,
    )


def pairings_for(*, user: AnyUser) -> dict[str, QuerySet[BuddyPairing]]:
    """A head's own pairings (with history), and the heads a buddy looks after."""
    base = BuddyPairing.objects.select_related(
        "buddy__user", "buddy__school", "head", "head_school"
    )
    return {
        "as_head": base.filter(head_id=user.pk or 0),
        "as_buddy": base.filter(buddy__user_id=user.pk or 0, status=BuddyPairing.Status.ACTIVE),
    }


def active_pairings_led_by(*, user: AnyUser) -> QuerySet[BuddyPairing]:
    organisations = access_for(user).organisation_ids({Role.WELLBEING_LEAD})
    return BuddyPairing.objects.filter(
        status=BuddyPairing.Status.ACTIVE, head_school__responsible_body_id__in=organisations
    ).select_related("buddy__user", "buddy__school", "head", "head_school")


def pairing_get_led(*, user: AnyUser, pk: int) -> BuddyPairing:
    try:
        return active_pairings_led_by(user=user).get(pk=pk)
    except BuddyPairing.DoesNotExist:
        raise Http404("No such pairing.") from None


def can_see_ofsted_contacts(user: AnyUser) -> bool:
    """Heads, school leaders and officers only: these are personal numbers."""
    access = access_for(user)
    return bool(
        access.school_ids(SCHOOL_LEADERS)
        or access.organisation_ids({Role.LINK_OFFICER, Role.SENIOR_OFFICER, Role.WELLBEING_LEAD})
    )


def ofsted_contacts_visible_to(user: AnyUser) -> QuerySet[OfstedContact]:
    """Contacts of the organisations where the user is a head, leader or officer (not of
    those they reach through another role, such as governor elsewhere)."""
    access = access_for(user)
    organisations = access.organisation_ids(
        {Role.LINK_OFFICER, Role.SENIOR_OFFICER, Role.WELLBEING_LEAD}
    ) | set(
        School.objects.filter(pk__in=access.school_ids(SCHOOL_LEADERS)).values_list(
            "responsible_body_id", flat=True
        )
    )
    return OfstedContact.objects.filter(organisation_id__in=organisations).select_related(
        "organisation"
    )


# Shared resources -------------------------------------------------------------------


def resources_visible_to(user: AnyUser) -> QuerySet[SharedResource]:
    """Approved resources of the user's organisations, plus their own, plus (for the
    organisation's wellbeing lead) everything waiting for moderation."""
    access = access_for(user)
    if not access.is_authenticated:
        return SharedResource.objects.none()
    led = access.organisation_ids({Role.WELLBEING_LEAD})
    return (
        SharedResource.objects.filter(
            Q(
                status=SharedResource.Status.APPROVED,
                organisation__in=organisations_visible_to(user),
            )
            | Q(author_id=user.pk)
            | Q(organisation_id__in=led)
        )
        .select_related("author")
        .annotate(helped_count=Count("helped", distinct=True))
    )


def resource_get_for_user(*, user: AnyUser, pk: int) -> SharedResource:
    try:
        return resources_visible_to(user).get(pk=pk)
    except SharedResource.DoesNotExist:
        raise Http404("No such resource.") from None


def can_share_resources(user: AnyUser) -> bool:
    return bool(access_for(user).school_ids(SCHOOL_LEADERS))
