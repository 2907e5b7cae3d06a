"""Writes about charters: adoption and versions, signatories, progress, actions, evidence,
pledges, the wellbeing action group, and the reminders sent through the outbox."""

from __future__ import annotations

import datetime as dt
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from wellbeing_portal.core.uploads import attach_upload, full_clean_keeping_no_orphan
from wellbeing_portal.outbox.services import email_enqueue_from_templates
from wellbeing_portal.people.models import Organisation, Role, School, User

from .models import (
    Action,
    ActionGroupMember,
    Charter,
    CharterVersion,
    Commitment,
    Evidence,
    Pledge,
    Progress,
    Signatory,
    on_current_commitment,
)
from .template_data import template_by_key

# Adoption and versions --------------------------------------------------------------


@transaction.atomic
def charter_adopt(
    *,
    organisation: Organisation,
    template_key: str,
    adopted_on: dt.date,
    review_on: dt.date,
    adopted_by: User | None,
) -> Charter:
    """Adopt a shipped template as the organisation's charter, as its version 1."""
    try:
        template = template_by_key(template_key)
    except KeyError:
        raise ValidationError("Choose a charter to adopt.") from None
    if review_on <= adopted_on:
        raise ValidationError("The review date must be after the adoption date.")
    charter = Charter(organisation=organisation, title=template.title, template_key=template.key)
    charter.full_clean()
    charter.save()
    version = CharterVersion.objects.create(
        charter=charter,
        number=1,
        status=CharterVersion.Status.ADOPTED,
        adopted_on=adopted_on,
        review_on=review_on,
        note="First adopted",
        created_by=adopted_by,
    )
    Commitment.objects.bulk_create(
        Commitment(
            version=version,
            key=spec.key,
            position=index,
            kind=spec.kind,
            section=spec.section,
            title=spec.title,
            description=spec.description,
            responsible=list(spec.responsible),
            domains=list(spec.domains),
            areas=list(spec.areas),
        )
        for index, spec in enumerate(template.commitments, start=1)
    )
    return charter


@transaction.atomic
def charter_version_start(*, charter: Charter, started_by: User | None) -> CharterVersion:
    """Start a draft of the next version, a copy of the current one to reword and reorder."""
    Charter.objects.select_for_update().filter(pk=charter.pk).first()  # one draft at a time
    if charter.versions.filter(status=CharterVersion.Status.DRAFT).exists():
        raise ValidationError("A draft of the next version already exists.")
    current = charter.versions.filter(status=CharterVersion.Status.ADOPTED).first()
    number = (charter.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = CharterVersion.objects.create(
        charter=charter,
        number=number,
        status=CharterVersion.Status.DRAFT,
        review_on=current.review_on if current else None,
        created_by=started_by,
    )
    if current:
        Commitment.objects.bulk_create(
            Commitment(
                version=draft,
                key=c.key,
                position=c.position,
                kind=c.kind,
                section=c.section,
                title=c.title,
                description=c.description,
                responsible=c.responsible,
                domains=c.domains,
                areas=c.areas,
            )
            for c in current.commitments.all()
        )
    return draft


def _require_draft(commitment_or_version: Commitment | CharterVersion) -> CharterVersion:
    """The version, locked until the transaction ends, if it is still a draft. Adopted and
    superseded versions are read-only (SPEC §8): their commitments are never changed,
    reordered, added to or removed. The status is read from the database, not from the
    caller's copy, which may be older than an adoption; the lock makes an edit and the
    adoption of the same draft wait for each other."""
    version_id = (
        commitment_or_version.version_id
        if isinstance(commitment_or_version, Commitment)
        else commitment_or_version.pk
    )
    version = CharterVersion.objects.select_for_update().get(pk=version_id)
    if version.status == CharterVersion.Status.SUPERSEDED:
        raise ValidationError(
            f"Version {version.number} has been superseded and is kept as it was. Only a "
            "draft version can be changed; start a new version first."
        )
    if version.status != CharterVersion.Status.DRAFT:
        raise ValidationError("Only a draft version can be changed; start a new version first.")
    return version


@transaction.atomic
def commitment_update(*, commitment: Commitment, title: str, description: str) -> Commitment:
    """Reword a commitment of a draft. It keeps its key, and so every school's progress."""
    _require_draft(commitment)
    commitment.title = title.strip()
    commitment.description = description.strip()
    commitment.full_clean()
    commitment.save(update_fields=["title", "description"])
    return commitment


@transaction.atomic
def commitment_add(
    *, version: CharterVersion, title: str, description: str, domains: list[str]
) -> Commitment:
    """Add the organisation's own commitment to a draft, at the end."""
    version = _require_draft(version)
    from django.utils.text import slugify

    base = slugify(title)[:50] or "commitment"
    key, n = base, 2
    # Unique across every version of the charter, so that a new commitment never takes
    # over the progress, actions and evidence of one that was removed.
    taken = set(
        Commitment.objects.filter(version__charter_id=version.charter_id).values_list(
            "key", flat=True
        )
    )
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    position = (version.commitments.aggregate(p=Max("position"))["p"] or 0) + 1
    commitment = Commitment(
        version=version,
        key=key,
        position=position,
        title=title.strip(),
        description=description.strip(),
        responsible=["organisation"],
        domains=domains,
    )
    commitment.full_clean()
    commitment.save()
    return commitment


@transaction.atomic
def commitment_move(*, commitment: Commitment, up: bool) -> None:
    """Swap a draft commitment with its neighbour above or below."""
    version = _require_draft(commitment)
    commitment.refresh_from_db(fields=["position"])  # another move may have come first
    siblings = version.commitments.order_by("position")
    neighbour = (
        siblings.filter(position__lt=commitment.position).last()
        if up
        else siblings.filter(position__gt=commitment.position).first()
    )
    if neighbour is None:
        return
    commitment.position, neighbour.position = neighbour.position, commitment.position
    commitment.save(update_fields=["position"])
    neighbour.save(update_fields=["position"])


@transaction.atomic
def commitment_remove(*, commitment: Commitment) -> None:
    """Take a commitment out of a draft. Schools' past progress on it stays in history."""
    _require_draft(commitment)
    commitment.delete()


@transaction.atomic
def charter_version_adopt(
    *, version: CharterVersion, adopted_on: dt.date, review_on: dt.date, note: str
) -> CharterVersion:
    """Adopt a draft: it becomes the current version and the previous one is superseded."""
    _require_draft(version)
    if review_on <= adopted_on:
        raise ValidationError("The review date must be after the adoption date.")
    if not version.commitments.exists():
        raise ValidationError("A charter needs at least one commitment.")
    version.charter.versions.filter(status=CharterVersion.Status.ADOPTED).update(
        status=CharterVersion.Status.SUPERSEDED
    )
    version.status = CharterVersion.Status.ADOPTED
    version.adopted_on = adopted_on
    version.review_on = review_on
    version.note = note.strip()
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def signatory_add(
    *,
    version: CharterVersion,
    organisation_name: str,
    signer_name: str,
    signer_role: str,
    signed_on: dt.date,
) -> Signatory:
    """Sign the adopted version. A draft is not signed yet; a superseded one is kept as
    it was."""
    status = (
        CharterVersion.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=version.pk)
    )
    if status == CharterVersion.Status.DRAFT:
        raise ValidationError("A draft cannot be signed; adopt it first.")
    if status == CharterVersion.Status.SUPERSEDED:
        raise ValidationError("This version has been superseded: sign the adopted one.")
    if signed_on > timezone.localdate():
        raise ValidationError("The signing date cannot be in the future.")
    signatory = Signatory(
        version=version,
        organisation_name=organisation_name.strip(),
        signer_name=signer_name.strip(),
        signer_role=signer_role.strip(),
        signed_on=signed_on,
    )
    signatory.full_clean()
    signatory.save()
    return signatory


# A school's progress ----------------------------------------------------------------


def progress_update(
    *,
    charter: Charter,
    school: School,
    commitment_key: str,
    status: str,
    owner: User | None,
    reviewed: bool,
) -> Progress:
    """Set a school's status and owner on a commitment; 'reviewed' stamps today's date."""
    progress, _ = Progress.objects.get_or_create(
        charter=charter, school=school, commitment_key=commitment_key
    )
    progress.status = status
    progress.owner = owner
    if reviewed:
        progress.last_reviewed_on = timezone.localdate()
    progress.full_clean()
    progress.save()
    return progress


def action_create(
    *,
    charter: Charter,
    school: School,
    commitment_key: str,
    title: str,
    owner: User | None,
    due_on: dt.date,
    for_staff: bool = False,
    staff_summary: str = "",
) -> Action:
    """Add an action to the school's plan for a commitment; refused if due in the past, or
    shown to staff without a summary for them."""
    today = timezone.localdate()
    if due_on < today:
        raise ValidationError({"due_on": "The due date cannot be in the past."})
    if for_staff and not staff_summary.strip():
        raise ValidationError(
            {"staff_summary": "Say in a sentence what staff told you and what you are doing."}
        )
    action = Action(
        charter=charter,
        school=school,
        commitment_key=commitment_key,
        title=title.strip(),
        owner=owner,
        created_on=today,
        due_on=due_on,
        for_staff=for_staff,
        staff_summary=staff_summary.strip(),
    )
    action.full_clean()
    action.save()
    return action


def action_complete(*, action: Action) -> Action:
    """Mark the action done today."""
    action.status = Action.Status.DONE
    action.completed_on = timezone.localdate()
    action.save(update_fields=["status", "completed_on"])
    return action


def evidence_add(
    *,
    charter: Charter,
    school: School,
    commitment_key: str,
    added_by: User,
    note: str = "",
    url: str = "",
    file: IO[bytes] | None = None,
    file_name: str = "",
) -> Evidence:
    """Record one piece of evidence: a note, a link or a checked file; a link or a file
    may carry a note saying what it shows."""
    if url.strip() and file is not None:
        raise ValidationError("Give a link or a file, not both.")
    if not (note.strip() or url.strip() or file is not None):
        raise ValidationError("Give a note, a link or a file.")
    evidence = Evidence(
        charter=charter,
        school=school,
        commitment_key=commitment_key,
        added_by=added_by,
        note=note.strip(),
    )
    if file is not None:
        evidence.kind = Evidence.Kind.FILE
        attach_upload(evidence, file, file_name)
    elif url.strip():
        evidence.kind, evidence.url = Evidence.Kind.LINK, url.strip()
    else:
        evidence.kind = Evidence.Kind.NOTE
    full_clean_keeping_no_orphan(evidence)
    evidence.save()
    return evidence


def pledge_sign(*, charter: Charter, commitment_key: str, user: User) -> Pledge:
    """Count the user's pledge (once, however often they sign); refused for anything that is
    not a pledge of the charter's adopted version."""
    if not charter.versions.filter(
        status=CharterVersion.Status.ADOPTED,
        commitments__key=commitment_key,
        commitments__kind=Commitment.Kind.PLEDGE,
    ).exists():
        raise ValidationError("That is not a pledge of this charter.")
    pledge, _ = Pledge.objects.get_or_create(
        charter=charter, commitment_key=commitment_key, user=user
    )
    return pledge


def action_group_member_add(*, school: School, name: str, role: str) -> ActionGroupMember:
    """Add a member to the school's wellbeing action group."""
    member = ActionGroupMember(school=school, name=name.strip(), role=role)
    member.full_clean()
    member.save()
    return member


# Reminders --------------------------------------------------------------------------

ACTION_DUE_SOON_DAYS = 3
REVIEW_REMINDER_DAYS = (30, 7)


def charter_reminders_queue(*, today: dt.date | None = None) -> int:
    """Queue every reminder that is due today or was missed; the outbox keys keep each once.

    - an action's owner, 3 days before its due date, and the day after it if still open;
    - the organisation's wellbeing leads, 30 and 7 days before a charter's review date.
    """
    today = today or timezone.localdate()
    return _action_reminders_queue(today) + _review_reminders_queue(today)


def _action_reminders_queue(today: dt.date) -> int:
    """Owners of open actions due within ACTION_DUE_SOON_DAYS, or overdue."""
    queued = 0
    soon = today + dt.timedelta(days=ACTION_DUE_SOON_DAYS)
    open_actions = (
        Action.objects.filter(status=Action.Status.OPEN, owner__isnull=False, due_on__lte=soon)
        .filter(on_current_commitment())
        .select_related("owner", "school", "charter")
    )
    for action in open_actions:
        assert action.owner is not None
        overdue = action.due_on < today
        name = "action_overdue" if overdue else "action_due_soon"
        # The reminder's own moment, fixed by the due date: the same reminder has the same
        # outbox key on every day the task runs, so it is sent once.
        when = action.due_on + dt.timedelta(days=1 if overdue else -ACTION_DUE_SOON_DAYS)
        row = email_enqueue_from_templates(
            kind=f"charters.{name}",
            obj=f"action:{action.pk}:due:{action.due_on.isoformat()}",
            to=action.owner.email,
            template=f"emails/charters/{name}",
            context={"action": action, "user": action.owner},
            due_at=_morning(when),
            recipient_id=action.owner.pk,
        )
        queued += row is not None
    return queued


def _review_reminders_queue(today: dt.date) -> int:
    """The wellbeing leads of organisations whose charter is due for review."""
    queued = 0
    for index, days in enumerate(REVIEW_REMINDER_DAYS):
        # Each reminder covers its own stretch: the 30-day one is not sent when the
        # review is already within 7 days.
        closer = REVIEW_REMINDER_DAYS[index + 1] if index + 1 < len(REVIEW_REMINDER_DAYS) else -1
        versions = CharterVersion.objects.filter(
            status=CharterVersion.Status.ADOPTED,
            review_on__lte=today + dt.timedelta(days=days),
            review_on__gt=today + dt.timedelta(days=closer),
        ).select_related("charter__organisation")
        for version in versions:
            queued += _review_reminder_queue(version, days=days, today=today)
    return queued


def _review_reminder_queue(version: CharterVersion, *, days: int, today: dt.date) -> int:
    """The `days`-before reminder of one version's review, to each of its leads."""
    assert version.review_on is not None
    leads = User.objects.filter(
        memberships__role=Role.WELLBEING_LEAD,
        memberships__organisation=version.charter.organisation,
    )
    queued = 0
    for lead in leads:
        row = email_enqueue_from_templates(
            kind="charters.review_due",
            obj=f"version:{version.pk}:review:{version.review_on}:{days}",
            to=lead.email,
            template="emails/charters/review_due",
            context={"version": version, "user": lead, "days": (version.review_on - today).days},
            due_at=_morning(version.review_on - dt.timedelta(days=days)),
            recipient_id=lead.pk,
        )
        queued += row is not None
    return queued


def _morning(day: dt.date) -> dt.datetime:
    """8am on the day, so that a reminder's key does not depend on when the task ran."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)))
