"""Reads of surveys, each scoped by the requesting user through the policy layer.

Who sees what (SPEC §2, §3):
- the organisation's wellbeing lead runs waves and reads trust-wide results and comments;
- senior officers read trust-wide results; link officers their assigned schools' results;
- heads, school leaders and wellbeing champions read their school's full results, and
  (once the lead has published, after any redaction) its comments;
- staff and governors read their school's results once published;
- headteacher-survey results exist only across heads, for the lead and senior officers.
Nobody sees an individual's answers or who has responded. Out of scope answers 404.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db.models import Case, Count, F, Q, QuerySet, When
from django.http import Http404

from wellbeing_portal.people.models import Membership, Organisation, Role, School
from wellbeing_portal.people.policy import (
    FULL_SCHOOL_READERS,
    OVERSEERS,
    PUBLISHED_RESULTS_READERS,
    SCHOOL_LEADERS,
    AnyUser,
    access_for,
)

from .models import (
    Comment,
    Domain,
    Instrument,
    Invitation,
    Item,
    OpenLink,
    ParticipationSnapshot,
    Reply,
    ResultSet,
    Survey,
    Wave,
)

# Waves ----------------------------------------------------------------------------------


def can_run_waves_of(user: AnyUser, organisation_id: int) -> bool:
    """The organisation's wellbeing lead runs its waves (and redacts their comments)."""
    return access_for(user).has_organisation_role(organisation_id, {Role.WELLBEING_LEAD})


def waves_run_by(user: AnyUser) -> QuerySet[Wave]:
    """Waves of the organisations where the user is wellbeing lead."""
    ids = access_for(user).organisation_ids({Role.WELLBEING_LEAD})
    return Wave.objects.filter(organisation_id__in=ids).select_related("survey", "organisation")


def waves_listed_for(user: AnyUser) -> QuerySet[Wave]:
    """The waves on the user's surveys page: every one they may read something of that
    has been opened, latest first."""
    return waves_visible_to(user).exclude(status=Wave.Status.DRAFT).order_by("-opens_on", "-pk")


def wave_get_managed(*, user: AnyUser, pk: int) -> Wave:
    """A wave the user runs as its organisation's wellbeing lead, or 404."""
    try:
        return waves_run_by(user).get(pk=pk)
    except Wave.DoesNotExist:
        raise Http404("No such wave.") from None


def wave_invited_count(wave: Wave) -> int:
    """How many people the wave invited (for its lead: never who)."""
    return wave.invitations.count()


def open_links_of(wave: Wave) -> QuerySet[OpenLink]:
    """The wave's open links, one per school, by school name (for its lead)."""
    return wave.open_links.select_related("school").order_by("school__name")


def open_link_get_managed(*, user: AnyUser, wave_pk: int, school_pk: int) -> OpenLink:
    """The open link of one school of a wave the user runs, or 404."""
    wave = wave_get_managed(user=user, pk=wave_pk)
    link = OpenLink.objects.filter(wave=wave, school_id=school_pk).select_related("school").first()
    if link is None:
        raise Http404("No such link.")
    return link


def waves_visible_to(user: AnyUser) -> QuerySet[Wave]:
    """Waves whose results the user may read something of."""
    access = access_for(user)
    if not access.is_authenticated:
        return Wave.objects.none()
    org_ids = access.organisation_ids(OVERSEERS)
    full = access.school_ids(FULL_SCHOOL_READERS) | access.assigned_school_ids
    published = access.school_ids(PUBLISHED_RESULTS_READERS)
    staff_kind = ~Q(survey__kind=Survey.Kind.HEADTEACHER)
    return (
        Wave.objects.filter(
            Q(organisation_id__in=org_ids)
            | (staff_kind & Q(schools__pk__in=full))
            | (staff_kind & Q(results_published=True, schools__pk__in=published))
        )
        .distinct()
        .select_related("survey", "organisation")
    )


def wave_get_for_user(*, user: AnyUser, pk: int) -> Wave:
    """A wave whose results the user may read something of, or 404."""
    try:
        return waves_visible_to(user).get(pk=pk)
    except Wave.DoesNotExist:
        raise Http404("No such wave.") from None


def can_read_organisation_results(user: AnyUser, wave: Wave) -> bool:
    """The organisation's overseers read its trust-wide results."""
    return access_for(user).has_organisation_role(wave.organisation_id, OVERSEERS)


def school_ids_readable(user: AnyUser, wave: Wave) -> set[int]:
    """Schools of the wave whose results this user may read (never for the head survey)."""
    if wave.survey.kind == Survey.Kind.HEADTEACHER:
        return set()
    access = access_for(user)
    wave_schools = {s.pk for s in wave.schools.all()}
    if can_read_organisation_results(user, wave):
        return wave_schools
    ids = access.school_ids(FULL_SCHOOL_READERS) | access.assigned_school_ids
    if wave.results_published:
        ids |= access.school_ids(PUBLISHED_RESULTS_READERS)
    return ids & wave_schools


def participation_visible_to(user: AnyUser, wave: Wave) -> list[ParticipationSnapshot]:
    """Today's snapshot of how many invitees answered (never live), for the wave as a
    whole (organisation readers) and each school the user may read, only where at least
    the wave's score threshold of people were invited. School rows first by name."""
    if wave.status != Wave.Status.OPEN:
        return []
    schools = school_ids_readable(user, wave)
    whole = can_read_organisation_results(user, wave)
    rows = (
        ParticipationSnapshot.objects.filter(wave=wave, invited__gte=wave.score_threshold)
        .filter(
            Q(school_id__in=schools) | Q(school__isnull=True) if whole else Q(school_id__in=schools)
        )
        .select_related("school")
        .order_by("school__name")
    )
    return list(rows)


def wave_schools_named(*, wave: Wave, school_ids: Iterable[int]) -> QuerySet[School]:
    """Those of the wave's schools with these ids (already checked readable), by name."""
    return wave.schools.filter(pk__in=school_ids).order_by("name")


def wave_domain_get(*, wave: Wave, key: str) -> Domain:
    """The domain of the wave's instrument with this key, or 404."""
    domain = next((d for d in wave.survey.instrument.domains.all() if d.key == key), None)
    if domain is None:
        raise Http404("No such domain.")
    return domain


def wave_school_get_for_user(*, user: AnyUser, wave: Wave, school_pk: int) -> School:
    """A school of the wave whose results the user may read, or 404."""
    if school_pk not in school_ids_readable(user, wave):
        raise Http404("No such school.")
    return School.objects.get(pk=school_pk)


def can_read_comments(user: AnyUser, wave: Wave, school: School) -> bool:
    """The lead always (to redact); the school's leaders once the lead has published."""
    if can_run_waves_of(user, wave.organisation_id):
        return True
    return wave.results_published and access_for(user).has_school_role(school, SCHOOL_LEADERS)


def can_reply(user: AnyUser, school: School) -> bool:
    """A school's leaders reply to its comments as the school."""
    return access_for(user).has_school_role(school, SCHOOL_LEADERS)


def can_take_action(user: AnyUser, school: School) -> bool:
    """A school's full results readers turn what staff said into charter actions."""
    return access_for(user).has_school_role(school, FULL_SCHOOL_READERS)


def comment_get_for_reply(*, user: AnyUser, pk: int) -> Comment:
    """A comment the user may reply to as the school (a head or school leader), or 404."""
    comment = (
        Comment.objects.select_related("response__wave__survey", "response__school")
        .filter(pk=pk)
        .first()
    )
    if comment is None or not comment.response.wave.results_published:
        raise Http404("No such comment.")
    if comment.response.wave.survey.kind == Survey.Kind.HEADTEACHER:
        raise Http404("No such comment.")  # pooled across heads: no school answers them
    if not access_for(user).has_school_role(comment.response.school, SCHOOL_LEADERS):
        raise Http404("No such comment.")
    _require_shown(comment)
    return comment


def comment_get_for_redaction(*, user: AnyUser, pk: int) -> Comment:
    """A shown comment of a wave the user runs as wellbeing lead, or 404."""
    comment = (
        Comment.objects.select_related("response__wave", "response__school").filter(pk=pk).first()
    )
    if comment is None or not can_run_waves_of(user, comment.response.wave.organisation_id):
        raise Http404("No such comment.")
    _require_shown(comment)
    return comment


def _require_shown(comment: Comment) -> None:
    """A comment its wave's frozen result set does not show is shown to nobody."""
    from .results import ResultsNotReady, comment_shown, wave_results

    try:
        shown = comment_shown(results=wave_results(comment.response.wave), comment=comment)
    except ResultsNotReady:
        shown = False
    if not shown:
        raise Http404("No such comment.")


def results_ready(wave: Wave) -> bool:
    """Whether the wave's frozen results exist: it has closed and they are worked out."""
    return wave.status == Wave.Status.CLOSED and ResultSet.objects.filter(wave=wave).exists()


def comments_for_lead(wave: Wave) -> list[Comment] | None:
    """The closed wave's shown comments, for its lead to read and redact; None until the
    wave's results are worked out (just after a lead's "Close now"), [] while it is open."""
    from .results import ResultsNotReady, wave_results
    from .results import comments_for_lead as shown_comments

    if wave.status != Wave.Status.CLOSED:
        return []
    try:
        return shown_comments(results=wave_results(wave))
    except ResultsNotReady:
        return None


def replies_waiting_for(user: AnyUser, wave: Wave) -> list[Reply]:
    """Code holders' replies the wellbeing lead has not yet released (or redacted)."""
    if not can_run_waves_of(user, wave.organisation_id):
        return []
    return list(
        Reply.objects.filter(
            comment__response__wave=wave, sender=Reply.From.RESPONDENT, released=False
        ).order_by("pk")
    )


def replies_to(comment: Comment | None) -> list[Reply]:
    """The thread of replies to a comment, for whoever holds its receipt code."""
    return list(comment.replies.all()) if comment else []


def reply_get_for_release(*, user: AnyUser, pk: int) -> Reply:
    """A code holder's reply the user may release as the organisation's wellbeing lead."""
    reply = (
        Reply.objects.select_related("comment__response__wave")
        .filter(pk=pk, sender=Reply.From.RESPONDENT)
        .first()
    )
    if reply is None or not can_run_waves_of(user, reply.comment.response.wave.organisation_id):
        raise Http404("No such reply.")
    return reply


# For respondents ------------------------------------------------------------------------


# What the survey form needs is read from the cache for up to a minute: a wave's staff
# open it in the same few hours, and none of it changes while the wave is open, except
# its status (read afresh when a response is stored) and thresholds (raising them, or
# closing the wave, forgets the cached copies at once: services.waves).
SURVEY_CACHE_SECONDS = 60


def open_link_cache_key(token: str) -> str:
    """Where `open_link_get` keeps a link (a hash: the token itself is not a cache key)."""
    return "surveys:link:" + hashlib.sha256(token.encode()).hexdigest()


def survey_items_cache_key(wave: Wave) -> str:
    """Where `survey_items` keeps a wave's statements."""
    return f"surveys:items:{wave.pk}:{wave.survey_id}:{wave.created_at.timestamp()}"


# Each process also keeps the links it read in the last few seconds in its own memory:
# reading one from the shared cache (and unpickling its statements) is a large part of
# what answering through an open link costs. A change reaches other processes within these
# seconds; the change that matters, a closed wave, is enforced whatever any copy says
# (storage.pending_store writes only while the wave is open in the database).
LOCAL_SECONDS = 30
_LOCAL_MAX = 256
_local_links: dict[str, tuple[float, tuple[OpenLink, list[Item]]]] = {}


def open_link_get(token: str) -> tuple[OpenLink, list[Item]] | None:
    """The open link with this token (with its wave, survey, instrument and school) and
    the wave's statements, kept together: from this process's memory, or one cache read.
    The objects may be shared with other requests of this process: read them, never
    change them."""
    key = open_link_cache_key(token)
    now = time.monotonic()
    recent = _local_links.get(key)
    if recent is not None and now - recent[0] < LOCAL_SECONDS:
        return recent[1]
    found: tuple[OpenLink, list[Item]] | None = cache.get(key)
    if found is None:
        try:
            link = OpenLink.objects.select_related("wave__survey__instrument", "school").get(
                token=token
            )
        except OpenLink.DoesNotExist:
            return None
        found = (link, survey_items(link.wave))
        cache.set(key, found, SURVEY_CACHE_SECONDS)
    if len(_local_links) >= _LOCAL_MAX:
        _local_links.clear()
    _local_links[key] = (now, found)
    return found


def open_links_forget(tokens: Iterable[str]) -> None:
    """Forget cached copies of these links, here and in the shared cache (a closed wave,
    raised thresholds). Other processes' own copies last at most LOCAL_SECONDS more."""
    keys = [open_link_cache_key(token) for token in tokens]
    for key in keys:
        _local_links.pop(key, None)
    cache.delete_many(keys)


def survey_items(wave: Wave) -> list[Item]:
    """The wave's statements in the order they are asked, each with its domain."""
    key = survey_items_cache_key(wave)
    items: list[Item] | None = cache.get(key)
    if items is None:
        items = list(
            wave.survey.items.select_related("domain").order_by("domain__position", "position")
        )
        cache.set(key, items, SURVEY_CACHE_SECONDS)
    return items


def invitations_open_for(user: AnyUser) -> QuerySet[Invitation]:
    """The user's own invitations they can still answer (they may see their own)."""
    if not user.is_authenticated:
        return Invitation.objects.none()
    return Invitation.objects.filter(
        user_id=user.pk, completed=False, wave__status=Wave.Status.OPEN
    ).select_related("wave", "school")


def invitation_own_get(*, user: AnyUser, wave_pk: int) -> Invitation:
    """The user's own open invitation to the wave, or 404."""
    try:
        return (
            invitations_open_for(user)
            .select_related("wave__survey__instrument")
            .get(wave_id=wave_pk)
        )
    except Invitation.DoesNotExist:
        raise Http404("No such invitation.") from None


def surveys_for_organisation(*, organisation_id: int) -> QuerySet[Survey]:
    """The portal's surveys and the organisation's own, to send in a wave."""
    return Survey.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id=organisation_id)
    ).select_related("instrument")


def schools_to_survey(organisation: Organisation) -> QuerySet[School]:
    """The schools of the organisation a lead may send a wave to, by name."""
    return organisation.schools.order_by("name")


def survey_default(surveys: QuerySet[Survey]) -> Survey | None:
    """Of these surveys, the portal's own staff survey: where a new wave starts."""
    return surveys.filter(kind=Survey.Kind.STAFF, organisation__isnull=True).first()


def instruments_of(*, organisation_id: int) -> QuerySet[Instrument]:
    """The organisation's own imported instruments."""
    return Instrument.objects.filter(organisation_id=organisation_id)


def instrument_chosen(instruments: QuerySet[Instrument], *, pk: str | None) -> Instrument | None:
    """The one of these instruments with this pk (as asked for in a URL), or the first."""
    return instruments.filter(pk=pk or 0).first() or instruments.first()


def instrument_items(instrument: Instrument | None) -> QuerySet[Item]:
    """The instrument's statements by domain, to pick a survey's from (none without one)."""
    if instrument is None:
        return Item.objects.none()
    return instrument.items.select_related("domain").order_by("domain__position", "position")


def instruments_usable_by(*, organisation_id: int) -> QuerySet[Instrument]:
    """The portal's bank and the organisation's own imported instruments."""
    return Instrument.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id=organisation_id)
    ).order_by(
        # The portal's staff bank first: it is what most surveys are written from.
        Case(When(organisation__isnull=True, key="portal-staff", then=0), default=1),
        "name",
    )


def waves_for_governor_report(
    *,
    organisation: Organisation,
    starts_on: dt.date,
    ends_on: dt.date,
    school_id: int | None,
    limit: int,
) -> list[Wave]:
    """Published staff-survey waves that closed in the period (newest first), of the
    school when one is given. Governors read a wave only once the lead has published it;
    headteacher surveys are never in a report (a school's governors could narrow down
    the few heads they pool)."""
    waves = (
        Wave.objects.filter(
            organisation=organisation,
            status=Wave.Status.CLOSED,
            results_published=True,
            closes_on__gte=starts_on,
            closes_on__lte=ends_on,
        )
        .exclude(survey__kind=Survey.Kind.HEADTEACHER)
        .select_related("survey__instrument")
        .order_by("-closes_on")
    )
    if school_id:
        waves = waves.filter(schools__pk=school_id)
    return list(waves[:limit])


def invited_in_open_waves(
    *,
    organisation_id: int,
    school_ids: Iterable[int],
    roles: Iterable[str] | None = None,
    exclude_wave_id: int = 0,
) -> list[dict[str, Any]]:
    """Per open wave and school, how many it invited there who hold one of `roles` there
    (any role if None), to warn the lead before the same people are asked twice. Wave 0: none."""
    invited = (
        Invitation.objects.filter(
            wave__organisation_id=organisation_id, wave__status=Wave.Status.OPEN
        )
        .filter(school_id__in=list(school_ids))
        .exclude(wave_id=exclude_wave_id)
    )
    if roles is not None:
        invited = invited.filter(
            user__memberships__school_id=F("school_id"), user__memberships__role__in=list(roles)
        )
    return list(
        invited.values("wave__title", "wave__closes_on", "school__name")
        .annotate(people=Count("user_id", distinct=True))
        .order_by("wave__closes_on", "wave__title", "school__name")
    )


def wave_invitees_by_school(wave: Wave) -> list[tuple[School, int]]:
    """How many people at each of the wave's schools opening it now would invite: each
    person once, at the first of their schools, as services.invitations_send does."""
    memberships = Membership.objects.filter(
        school__in=wave.schools.all(), role__in=wave.roles, user__is_active=True
    ).exclude(user_id__in=wave.invitations.values("user_id"))
    first: dict[int, int] = {}
    for user_id, school_id in memberships.order_by("user_id", "school_id").values_list(
        "user_id", "school_id"
    ):
        first.setdefault(user_id, school_id)
    counts = Counter(first.values())
    return [(school, counts[school.pk]) for school in wave.schools.order_by("name")]
