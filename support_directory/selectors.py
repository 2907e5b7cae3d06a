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
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from wellbeing_portal.people.policy import (
    AnyUser,
    organisations_visible_to,
    schools_visible_to,
)

from .models import Service


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
