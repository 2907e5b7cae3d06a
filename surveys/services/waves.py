"""Writes about the bank and waves: loading the bank, creating, opening, closing and
publishing waves, invitations and reminders through the outbox."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace

from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from wellbeing_portal.outbox.models import OutboxEmail
from wellbeing_portal.outbox.services import email_enqueue_from_templates
from wellbeing_portal.people.models import Membership, Organisation, Role, School

from .. import bank, drafts, results, selectors
from ..models import (
    DEFAULT_THRESHOLD,
    MIN_SCORE_THRESHOLD,
    Comment,
    Instrument,
    Invitation,
    Item,
    OpenLink,
    ParticipationSnapshot,
    ResultSet,
    Survey,
    Wave,
)
from . import storage
from .tokens import token_hash

# The bank -----------------------------------------------------------------------------


@transaction.atomic
def bank_load() -> list[Survey]:
    """Create or update the portal's own instruments and surveys (safe to run again)."""
    return bank.install(django_apps)


# Waves ----------------------------------------------------------------------------------


def off_weekend(day: dt.date) -> dt.date:
    """Move a Saturday or Sunday back to the Friday before."""
    if day.weekday() >= 5:
        return day - dt.timedelta(days=day.weekday() - 4)
    return day


def reminder_dates_default(*, opens_on: dt.date, closes_on: dt.date) -> list[dt.date]:
    """Halfway through and two days before closing, never at a weekend, each after opening."""
    halfway = opens_on + (closes_on - opens_on) / 2
    days = {off_weekend(halfway), off_weekend(closes_on - dt.timedelta(days=2))}
    return sorted(d for d in days if opens_on < d < closes_on)


def _check_thresholds(*, score: int, comment: int) -> None:
    if score < MIN_SCORE_THRESHOLD:
        raise ValidationError(
            {
                "score_threshold": f"The minimum group size for scores must be at least {MIN_SCORE_THRESHOLD}."
            }
        )
    if comment < score:
        raise ValidationError(
            {
                "comment_threshold": "The minimum group size for comments cannot be below "
                "the one for scores."
            }
        )


def _check_reminders(
    reminder_dates: Iterable[dt.date], *, opens_on: dt.date, closes_on: dt.date
) -> list[str]:
    out = []
    for day in sorted(set(reminder_dates)):
        if day.weekday() >= 5:
            raise ValidationError({"reminder_dates": "Reminders are never sent at weekends."})
        if not opens_on < day < closes_on:
            raise ValidationError(
                {
                    "reminder_dates": "Reminders fall after the opening date and before the closing date."
                }
            )
        out.append(day.isoformat())
    return out


@transaction.atomic
def wave_create(
    *,
    organisation: Organisation,
    survey: Survey,
    title: str,
    schools: Iterable[School],
    roles: Iterable[str],
    opens_on: dt.date,
    closes_on: dt.date,
    score_threshold: int = DEFAULT_THRESHOLD,
    comment_threshold: int = DEFAULT_THRESHOLD,
    reminder_dates: Iterable[dt.date] | None = None,
) -> Wave:
    """A wave not yet open, for schools of the organisation only."""
    schools = list(schools)
    if not schools:
        raise ValidationError({"schools": "Choose at least one school."})
    if any(s.responsible_body_id != organisation.pk for s in schools):
        raise ValidationError({"schools": "Choose only your organisation's schools."})
    roles = sorted(set(roles))
    if not roles:
        raise ValidationError({"roles": "Choose at least one role to invite."})
    if survey.organisation_id not in (None, organisation.pk):
        raise ValidationError({"survey": "Choose one of your surveys."})
    if survey.kind == Survey.Kind.HEADTEACHER and roles != [Role.HEADTEACHER.value]:
        raise ValidationError(
            {"roles": "The headteacher survey is sent to headteachers only: choose Headteachers."}
        )
    if closes_on <= opens_on:
        raise ValidationError({"closes_on": "The closing date must be after the opening date."})
    _check_thresholds(score=score_threshold, comment=comment_threshold)
    if reminder_dates is None:
        reminder_dates = reminder_dates_default(opens_on=opens_on, closes_on=closes_on)
    wave = Wave(
        organisation=organisation,
        survey=survey,
        title=title.strip(),
        roles=roles,
        opens_on=opens_on,
        closes_on=closes_on,
        score_threshold=score_threshold,
        comment_threshold=comment_threshold,
        reminder_dates=_check_reminders(reminder_dates, opens_on=opens_on, closes_on=closes_on),
    )
    wave.full_clean()
    wave.save()
    wave.schools.set(schools)
    return wave


@transaction.atomic
def wave_thresholds_update(*, wave: Wave, score_threshold: int, comment_threshold: int) -> Wave:
    """Change a wave's minimum group sizes. Once open, they may only go up."""
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    _check_thresholds(score=score_threshold, comment=comment_threshold)
    if wave.status != Wave.Status.DRAFT and (
        score_threshold < wave.score_threshold or comment_threshold < wave.comment_threshold
    ):
        raise ValidationError(
            "Respondents were told these group sizes: once a wave has opened they can be "
            "raised but never lowered."
        )
    wave.score_threshold = score_threshold
    wave.comment_threshold = comment_threshold
    wave.save(update_fields=["score_threshold", "comment_threshold"])
    if wave.status == Wave.Status.CLOSED:
        # Worked out again, keeping every group hidden before hidden: only ever less.
        results.result_set_freeze(wave=wave)
    _forget_cached_form(wave)
    return wave


@dataclass(frozen=True)
class OpenReport:
    invited: int
    open_links: int


@transaction.atomic
def wave_open(*, wave: Wave, today: dt.date | None = None, invite: bool = True) -> OpenReport:
    """Open the wave: create an open link per school and (unless `invite` is False, for
    a wave run through open links only) invite everyone in its schools and roles."""
    today = today or timezone.localdate()
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.status != Wave.Status.DRAFT:
        raise ValidationError("This wave has already been opened.")
    if wave.closes_on <= today:
        raise ValidationError("The closing date has passed: change the dates in a new wave.")
    wave.status = Wave.Status.OPEN
    if wave.opens_on > today:
        wave.opens_on = today
    wave.save(update_fields=["status", "opens_on"])
    schools = list(wave.schools.all())
    OpenLink.objects.bulk_create(
        OpenLink(wave=wave, school=school, token=secrets.token_urlsafe(24)) for school in schools
    )
    invited = invitations_send(wave=wave) if invite else 0
    participation_snapshot(wave=wave, today=today)
    return OpenReport(invited=invited, open_links=len(schools))


@transaction.atomic
def invitations_send(*, wave: Wave) -> int:
    """Invite, by email with a unique link, each person in the wave's schools and roles not
    yet invited. Only the hash of each link's token is kept."""
    already = set(wave.invitations.values_list("user_id", flat=True))
    memberships = (
        Membership.objects.filter(school__in=wave.schools.all(), role__in=wave.roles)
        .exclude(user_id__in=already)
        .filter(user__is_active=True)
        .select_related("user", "school")
        .order_by("user_id", "school_id")
    )
    sent = 0
    seen: set[int] = set()
    for membership in memberships:
        if membership.user_id in seen or membership.school is None:
            continue
        seen.add(membership.user_id)
        token = secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(
            wave=wave, user=membership.user, school=membership.school, token_hash=token_hash(token)
        )
        email_enqueue_from_templates(
            kind="survey_invitation",
            obj=f"invitation:{invitation.pk}",
            to=membership.user.email,
            template="emails/surveys/invitation",
            context={
                "wave": wave,
                "user": membership.user,
                "school": membership.school,
                "link": settings.PORTAL_BASE_URL
                + reverse("surveys:take_invitation", kwargs={"token": token}),
            },
            recipient_id=membership.user_id,
            # The link answers as this person: nobody may find it in the outbox later.
            after_send=OutboxEmail.AfterSend.FORGET_BODY,
        )
        sent += 1
    return sent


def invitation_preview(*, wave: Wave, school: School, name: str) -> tuple[str, str]:
    """The subject and body of the invitation `name` at `school` would get, with a
    stand-in for the personal link: what the lead checks before opening the wave."""
    context = {
        "portal_name": settings.PORTAL_NAME,
        "base_url": settings.PORTAL_BASE_URL,
        "wave": wave,
        "user": SimpleNamespace(full_name=name),
        "school": school,
        "link": settings.PORTAL_BASE_URL
        + reverse("surveys:take_invitation", kwargs={"token": "their-own-link"}),
    }
    template = "emails/surveys/invitation"
    return (
        render_to_string(f"{template}_subject.txt", context).strip(),
        render_to_string(f"{template}_body.txt", context).strip(),
    )


def wave_close(*, wave: Wave) -> Wave:
    """Close the wave and work out its results here and now (the daily task, the demo,
    scripts). A closed wave stays closed."""
    with transaction.atomic():
        _mark_closed(wave)
        wave_results_prepare(wave=wave)
    return wave


def wave_close_in_background(*, wave: Wave) -> Wave:
    """The lead's "Close now": the wave closes at once (no answer is taken from this
    moment) and the slow part, `wave_results_prepare`, is queued for a worker once the
    close is committed. Until it has run, the results pages say they are being worked out."""
    from ..tasks import wave_results_prepare as task

    with transaction.atomic():
        _mark_closed(wave)
        transaction.on_commit(lambda: task.delay(wave.pk))
    return wave


def _mark_closed(wave: Wave) -> None:
    updated = Wave.objects.filter(pk=wave.pk, status=Wave.Status.OPEN).update(
        status=Wave.Status.CLOSED
    )
    if not updated:
        raise ValidationError("Only an open wave can be closed.")
    wave.refresh_from_db()
    ParticipationSnapshot.objects.filter(wave=wave).delete()
    _forget_cached_form(wave)


def wave_results_prepare(*, wave: Wave) -> bool:
    """For a closed wave, in one transaction: write every pending response, rewrite the
    whole wave in one shuffled batch (storage.py), then work out its results once and
    freeze them (results.frozen). Runs once: False if they were already prepared (a task
    delivered twice, or the daily catch-up after a worker restart)."""
    with transaction.atomic():
        locked = Wave.objects.select_for_update().filter(pk=wave.pk, status=Wave.Status.CLOSED)
        if not locked.exists() or ResultSet.objects.filter(wave_id=wave.pk).exists():
            return False
        storage.responses_flush(wave=wave, everything=True)
        storage.wave_rewrite(wave=wave)
        results.result_set_freeze(wave=wave)
    return True


def _forget_cached_form(wave: Wave) -> None:
    """Drop the cached copies of what the wave's survey form shows (selectors), once the
    change is committed, so that nobody is shown an open form or old thresholds."""
    tokens = list(wave.open_links.values_list("token", flat=True))
    key = selectors.survey_items_cache_key(wave)

    def forget() -> None:
        cache.delete(key)
        selectors.open_links_forget(tokens)

    transaction.on_commit(forget)


def wave_publish(*, wave: Wave) -> Wave:
    """Show a closed wave's results to staff and governors of its schools."""
    if wave.status != Wave.Status.CLOSED:
        raise ValidationError("Publish results once the wave has closed.")
    if not ResultSet.objects.filter(wave=wave).exists():
        raise ValidationError(
            "Publish results once they are worked out, a few minutes after closing."
        )
    wave.results_published = True
    wave.save(update_fields=["results_published"])
    return wave


@dataclass(frozen=True)
class DailyReport:
    closed: int
    reminded: int
    opened: int = 0
    snapshots: int = 0
    drafts_purged: int = 0


def participation_snapshot(*, wave: Wave, today: dt.date) -> int:
    """Record how many invitees of each school (and of the wave) have answered, as of
    today: what the lead and heads see until tomorrow's. Returns the rows written."""
    counts = (
        wave.invitations.values("school_id")
        .annotate(invited=Count("id"), answered=Count("id", filter=Q(completed=True)))
        .order_by()
    )
    rows = [(row["school_id"], row["invited"], row["answered"]) for row in counts]
    rows.append((None, sum(r[1] for r in rows), sum(r[2] for r in rows)))
    with transaction.atomic():
        ParticipationSnapshot.objects.filter(wave=wave).delete()
        ParticipationSnapshot.objects.bulk_create(
            ParticipationSnapshot(
                wave=wave, school_id=school_id, taken_on=today, invited=invited, answered=answered
            )
            for school_id, invited, answered in rows
        )
    return len(rows)


def waves_daily(*, today: dt.date | None = None) -> DailyReport:
    """Open waves whose opening date has come, close those whose closing date has passed
    (a wave is open all through its closing day), queue today's reminders (each date's
    once), take the participation snapshots, and purge expired drafts and expired
    sessions (a session may hold a signed-in user). Comments past their retention period
    are the nightly retention purge's (privacy_hooks.py), not this job's."""
    today = today or timezone.localdate()
    opened = 0
    for wave in Wave.objects.filter(
        status=Wave.Status.DRAFT, opens_on__lte=today, closes_on__gt=today
    ):
        wave_open(wave=wave, today=today)
        opened += 1
    closed = 0
    # One by one, through wave_close, so that each forgets its cached survey form.
    for wave in Wave.objects.filter(status=Wave.Status.OPEN, closes_on__lt=today):
        try:
            wave_close(wave=wave)
        except ValidationError:  # closed by its lead a moment ago
            continue
        closed += 1
    # A lead's "Close now" whose queued task was lost (a worker restarted mid-way).
    for wave in Wave.objects.filter(status=Wave.Status.CLOSED, result_set__isnull=True):
        wave_results_prepare(wave=wave)
    reminded = snapshots = 0
    # Open waves are few; the reminder dates are a short list on each.
    for wave in Wave.objects.filter(status=Wave.Status.OPEN):
        if today.isoformat() in wave.reminder_dates:
            reminded += reminders_send(wave=wave, today=today)
        snapshots += participation_snapshot(wave=wave, today=today)
    return DailyReport(
        opened=opened,
        closed=closed,
        reminded=reminded,
        snapshots=snapshots,
        drafts_purged=_purge_drafts_and_sessions(today),
    )


def _purge_drafts_and_sessions(today: dt.date) -> int:
    drafts.sessions_purge()
    return drafts.drafts_purge(today=today)


def comments_purge(*, today: dt.date) -> int:
    """Delete comments (and their replies) of waves closed longer ago than the retention
    period. Scores and counts are kept."""
    cutoff = today - dt.timedelta(days=settings.SURVEY_COMMENT_RETENTION_DAYS)
    _, by_model = Comment.objects.filter(
        response__wave__status=Wave.Status.CLOSED, response__wave__closes_on__lt=cutoff
    ).delete()
    return by_model.get("surveys.Comment", 0)


@transaction.atomic
def reminders_send(*, wave: Wave, today: dt.date) -> int:
    """Remind invitees who have not answered, once per reminder date (the wave records
    the dates done). Once sent, a reminder's outbox row is deleted: kept, the rows would
    be a list of who had not answered."""
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    day = today.isoformat()
    if today.weekday() >= 5 or wave.status != Wave.Status.OPEN or day in wave.reminders_queued:
        return 0
    due_at = timezone.make_aware(dt.datetime.combine(today, dt.time(8, 0)))
    queued = 0
    for invitation in wave.invitations.filter(completed=False).select_related("user", "school"):
        row = email_enqueue_from_templates(
            kind="survey_reminder",
            obj=f"wave:{wave.pk}",
            to=invitation.user.email,
            template="emails/surveys/reminder",
            context={"wave": wave, "user": invitation.user, "school": invitation.school},
            due_at=due_at,
            after_send=OutboxEmail.AfterSend.DELETE,
        )
        queued += row is not None
    wave.reminders_queued = [*wave.reminders_queued, day]
    wave.save(update_fields=["reminders_queued"])
    return queued


@transaction.atomic
def survey_create(
    *, organisation: Organisation, name: str, kind: str, items: Iterable[Item]
) -> Survey:
    """A survey of the organisation's own, made of items chosen from one instrument (the
    portal's bank or one the organisation imported)."""
    items = list(items)
    if not items:
        raise ValidationError({"items": "Choose at least one statement."})
    instruments = {item.instrument_id for item in items}
    if len(instruments) != 1:
        raise ValidationError({"items": "Choose statements from one instrument."})
    instrument = Instrument.objects.get(pk=instruments.pop())
    if instrument.organisation_id not in (None, organisation.pk):
        raise ValidationError({"items": "Choose statements from your own instruments."})
    if kind not in Survey.Kind.values:
        raise ValidationError({"kind": "Choose who the survey is for."})
    base = slugify(name)[:50] or "survey"
    key, n = base, 1
    while Survey.objects.filter(organisation=organisation, key=key).exists():
        n += 1
        key = f"{base}-{n}"
    survey = Survey(
        organisation=organisation, instrument=instrument, key=key, name=name.strip(), kind=kind
    )
    survey.full_clean()
    survey.save()
    survey.items.set(items)
    return survey
