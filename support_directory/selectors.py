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

from wellbeing_portal.people.models import Membership, Organisation, School, User
from wellbeing_portal.people.policy import (
    HEADTEACHERS,
    OFSTED_CONTACT_READERS,
    SCHOOL_LEADERS,
    AnyUser,
    access_for,
    organisation_ids_led_by,
    organisations_led_by,
    organisations_visible_to,
    school_leaders_reach,
    schools_visible_to,
)
from wellbeing_portal.people.selectors import school_in_window

from .matching import Candidate, Suggestion, rank_buddies
from .models import (
    BuddyPairing,
    BuddyProfile,
    HelpedMark,
    OfstedContact,
    Service,
    SharedResource,
)


def services_visible_to(user: AnyUser) -> QuerySet[Service]:
    """National services, and those of the user's organisations and schools."""
    if not user.is_authenticated:
        return Service.objects.none()
    return Service.objects.filter(
        Q(scope=Service.Scope.NATIONAL)
        | Q(scope=Service.Scope.ORGANISATION, organisation__in=organisations_visible_to(user))
        | Q(scope=Service.Scope.SCHOOL, school__in=schools_visible_to(user))
    )


def service_get_for_user(*, user: AnyUser, pk: int) -> Service:
    """One service the user may see, or Http404."""
    try:
        return services_visible_to(user).select_related("organisation", "school").get(pk=pk)
    except Service.DoesNotExist:
        raise Http404("No such service.") from None


def can_edit_service(user: AnyUser, service: Service) -> bool:
    """Only the wellbeing lead of the service's organisation edits it (national services
    belong to no organisation and are edited by nobody here)."""
    return service.organisation_id in organisation_ids_led_by(user)


def service_get_to_edit(*, user: AnyUser, pk: int) -> tuple[Service, Organisation]:
    """A service the user may edit, with its organisation, or Http404."""
    service = service_get_for_user(user=user, pk=pk)
    if not can_edit_service(user, service) or service.organisation is None:
        raise Http404("No such service.")
    return service, service.organisation


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


def is_buddy_lead(user: AnyUser) -> bool:
    """A wellbeing lead pairs the heads of their organisations' schools with buddies
    (the lists below filter by the same `organisation_ids_led_by`)."""
    return bool(organisation_ids_led_by(user))


def buddied_by(user: AnyUser, *, head_path: str) -> Q:
    """A filter for rows whose head (at `head_path`, e.g. "inspection__head") the user is
    the active buddy of: for other apps' querysets."""
    return Q(
        **{
            f"{head_path}__buddy_pairings__buddy__user_id": user.pk,
            f"{head_path}__buddy_pairings__status": BuddyPairing.Status.ACTIVE,
        }
    )


def ofsted_contacts_of(organisation_id: int) -> list[OfstedContact]:
    """The people with Ofsted experience an organisation lists, for its heads and officers."""
    return list(OfstedContact.objects.filter(organisation_id=organisation_id))


def active_buddy_of(head: User) -> BuddyPairing | None:
    """The head's buddy pairing in force, if any, with the buddy and their school."""
    return (
        BuddyPairing.objects.filter(head=head, status=BuddyPairing.Status.ACTIVE)
        .select_related("buddy__user", "buddy__school")
        .first()
    )


def buddy_profile_of(user: AnyUser) -> BuddyProfile | None:
    """The user's own offer to buddy, if they made one."""
    return BuddyProfile.objects.filter(user_id=user.pk or 0).first()


def schools_led_by(user: AnyUser) -> QuerySet[School]:
    """The schools where the user is head or a school leader, from which they offer to
    buddy and share resources. `can_offer_to_buddy` is the same rule's yes or no."""
    return (
        School.objects.filter(school_leaders_reach(user).q())
        .select_related("responsible_body")
        .order_by("name")
    )


def can_offer_to_buddy(user: AnyUser) -> bool:
    """Heads and school leaders offer to buddy (the same rule as `schools_led_by`)."""
    return bool(school_leaders_reach(user))


def heads_without_buddy_in_window(*, user: AnyUser) -> list[Membership]:
    """For a wellbeing lead: heads of schools in the Ofsted window who have no active buddy."""
    organisations = organisation_ids_led_by(user)
    memberships = (
        Membership.objects.filter(
            role__in=HEADTEACHERS, school__responsible_body_id__in=organisations
        )
        .exclude(user__buddy_pairings__status=BuddyPairing.Status.ACTIVE)
        .select_related("user", "school__responsible_body")
        .order_by("school__name")
    )
    today = timezone.localdate()
    return [m for m in memberships if m.school and school_in_window(m.school, today=today)]


def head_membership_for_matching(*, user: AnyUser, pk: int) -> Membership:
    """A head whom this wellbeing lead may pair, or 404."""
    organisations = organisation_ids_led_by(user)
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
    """Buddies for the head, best first, with the reasons for each."""
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
    """The pairings in force that this wellbeing lead looks after."""
    organisations = organisation_ids_led_by(user)
    return BuddyPairing.objects.filter(
        status=BuddyPairing.Status.ACTIVE, head_school__responsible_body_id__in=organisations
    ).select_related("buddy__user", "buddy__school", "head", "head_school")


def pairing_get_led(*, user: AnyUser, pk: int) -> BuddyPairing:
    """One pairing in force that this wellbeing lead looks after, or Http404."""
    try:
        return active_pairings_led_by(user=user).get(pk=pk)
    except BuddyPairing.DoesNotExist:
        raise Http404("No such pairing.") from None


def ofsted_contact_organisations(user: AnyUser) -> frozenset[int]:
    """The one rule of who reads the Ofsted-experienced contacts (personal numbers): the
    organisations where the user is a head, leader or officer (not those they reach
    through another role, such as governor elsewhere)."""
    access = access_for(user)
    led_schools = {
        m.school.responsible_body_id
        for m in access.memberships
        if m.school is not None and m.role in SCHOOL_LEADERS
    }
    return frozenset(access.organisation_ids(OFSTED_CONTACT_READERS) | led_schools)


def can_see_ofsted_contacts(user: AnyUser) -> bool:
    """Heads, school leaders and officers only: these are personal numbers."""
    return bool(ofsted_contact_organisations(user))


def ofsted_contacts_visible_to(user: AnyUser) -> QuerySet[OfstedContact]:
    """Contacts of the organisations `ofsted_contact_organisations` opens to the user."""
    return OfstedContact.objects.filter(
        organisation_id__in=ofsted_contact_organisations(user)
    ).select_related("organisation")


def organisations_adding_contacts(user: AnyUser) -> QuerySet[Organisation]:
    """The organisations whose contacts the user adds: those they lead as wellbeing lead."""
    return organisations_led_by(user)


# Shared resources -------------------------------------------------------------------


def resources_visible_to(user: AnyUser) -> QuerySet[SharedResource]:
    """Approved resources of the user's organisations, plus their own, plus (for the
    organisation's wellbeing lead) everything waiting for moderation."""
    if not user.is_authenticated:
        return SharedResource.objects.none()
    led = organisation_ids_led_by(user)
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
    """One resource the user may see, or Http404."""
    try:
        return resources_visible_to(user).get(pk=pk)
    except SharedResource.DoesNotExist:
        raise Http404("No such resource.") from None


def can_moderate(user: AnyUser, resource: SharedResource) -> bool:
    """The wellbeing lead of the resource's organisation moderates it (the waiting list
    filters by the same `organisation_ids_led_by`)."""
    return resource.organisation_id in organisation_ids_led_by(user)


def resource_get_to_moderate(*, user: AnyUser, pk: int) -> SharedResource:
    """A resource the user may moderate, or Http404."""
    resource = resource_get_for_user(user=user, pk=pk)
    if not can_moderate(user, resource):
        raise Http404("No such resource.")
    return resource


@dataclass(frozen=True)
class ResourceLists:
    shared: QuerySet[SharedResource]
    mine: QuerySet[SharedResource]
    waiting: QuerySet[SharedResource]
    helped: set[int]


def resource_lists(*, user: AnyUser) -> ResourceLists:
    """The resources page: what is shared, the user's own still waiting or refused, what
    waits for them as moderator, and which ones they marked as having helped."""
    visible = resources_visible_to(user)
    approved = SharedResource.Status.APPROVED
    return ResourceLists(
        shared=visible.filter(status=approved),
        mine=visible.filter(author_id=user.pk or 0).exclude(status=approved),
        waiting=visible.filter(
            status=SharedResource.Status.PENDING,
            organisation_id__in=organisation_ids_led_by(user),
        ),
        helped=set(
            HelpedMark.objects.filter(user_id=user.pk or 0).values_list("resource_id", flat=True)
        ),
    )


def school_sharing_for(user: AnyUser) -> School | None:
    """The school a head shares resources from (the first they lead), or None: only heads
    and school leaders share. `can_share_resources` is the same rule's yes or no."""
    return schools_led_by(user).order_by("pk").first()


def can_share_resources(user: AnyUser) -> bool:
    """Heads and school leaders share resources (the rule of `school_sharing_for`)."""
    return bool(school_leaders_reach(user))
