"""Demo charters: adopted, signed, and a spread of progress across the schools. Safe to
run again: an organisation that already has a charter is left as it is."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from charters import services
from charters.models import Action, ActionGroupMember, Charter, Commitment, Evidence, ProgressStatus
from wellbeing_portal.people.models import Organisation, Role, School, User

STATUS_CYCLE = (
    ProgressStatus.EMBEDDED,
    ProgressStatus.IN_PROGRESS,
    ProgressStatus.PLANNED,
    ProgressStatus.IN_PROGRESS,
    ProgressStatus.NOT_STARTED,
    ProgressStatus.EMBEDDED,
    ProgressStatus.PLANNED,
)


def _adopt(
    organisation: Organisation, key: str, adopted_on: dt.date, review_on: dt.date
) -> Charter:
    existing = Charter.objects.filter(organisation=organisation, template_key=key).first()
    return existing or services.charter_adopt(
        organisation=organisation,
        template_key=key,
        adopted_on=adopted_on,
        review_on=review_on,
        adopted_by=None,
    )


def _head(school: School) -> User | None:
    return User.objects.filter(
        memberships__school=school, memberships__role=Role.HEADTEACHER
    ).first()


@transaction.atomic
def seed_charters() -> int:
    """Build the demo's charters; return how many charters exist."""
    today = timezone.localdate()
    trust = Organisation.objects.get(slug="riverside")
    la = Organisation.objects.get(slug="northshire")
    fresh = not Charter.objects.filter(organisation=trust).exists()

    charter = _adopt(
        trust, "education-staff-wellbeing", dt.date(2025, 9, 1), today + dt.timedelta(days=24)
    )
    checklist = _adopt(trust, "whole-school-leadership", dt.date(2025, 9, 1), dt.date(2026, 9, 1))
    covenant = _adopt(la, "ofsted-covenant", dt.date(2024, 1, 22), dt.date(2027, 1, 22))
    _adopt(la, "residential-workforce", dt.date(2025, 4, 1), dt.date(2027, 4, 1))
    if not fresh:
        return Charter.objects.count()

    _add_signatories(charter=charter, covenant=covenant, today=today)
    _spread_progress(trust=trust, charters=(charter, checklist))
    _seed_oakfield(charter=charter, today=today)
    return Charter.objects.count()


def _add_signatories(*, charter: Charter, covenant: Charter, today: dt.date) -> None:
    """Build the signatories: each adopter signs its own charter, and two partners sign the
    local authority's covenant."""
    for c in (charter, covenant):
        version = c.versions.get()
        services.signatory_add(
            version=version,
            organisation_name=c.organisation.name,
            signer_name="Dr Priya Sharma" if c == charter else "Cllr Tom Reeve",
            signer_role="Chief executive" if c == charter else "Cabinet member for education",
            signed_on=version.adopted_on or today,
        )
    services.signatory_add(
        version=covenant.versions.get(),
        organisation_name="Riverside Learning Trust",
        signer_name="Dr Priya Sharma",
        signer_role="Chief executive",
        signed_on=dt.date(2024, 1, 22),
    )
    services.signatory_add(
        version=covenant.versions.get(),
        organisation_name="Northshire Headteachers' Association",
        signer_name="Ruth Adeyemi",
        signer_role="Chair",
        signed_on=dt.date(2024, 1, 22),
    )


def _spread_progress(*, trust: Organisation, charters: tuple[Charter, ...]) -> None:
    """Build a spread of progress: every trust school at a different point on each
    commitment of the given charters."""
    for index, school in enumerate(School.objects.filter(responsible_body=trust).order_by("urn")):
        head = _head(school)
        for charter in charters:
            _school_progress(charter=charter, school=school, index=index, owner=head)


def _school_progress(*, charter: Charter, school: School, index: int, owner: User | None) -> None:
    """Build one school's progress on one charter's commitments (pledges aside), its status
    taken from `STATUS_CYCLE` by the school's index; not-started ones get no row."""
    commitments = charter.versions.get().commitments.exclude(kind=Commitment.Kind.PLEDGE)
    for position, commitment in enumerate(commitments):
        status = STATUS_CYCLE[(index * 3 + position) % len(STATUS_CYCLE)]
        if status == ProgressStatus.NOT_STARTED:
            continue
        services.progress_update(
            charter=charter,
            school=school,
            commitment_key=commitment.key,
            status=status,
            owner=owner,
            reviewed=status == ProgressStatus.EMBEDDED,
        )


def _seed_oakfield(*, charter: Charter, today: dt.date) -> None:
    """Build Oakfield's actions, evidence and action group on the staff wellbeing charter."""
    oakfield = School.objects.get(urn="900101")
    head = _head(oakfield)
    champion = User.objects.filter(email="champion@riverside.example.org").first()
    keys = list(charter.versions.get().commitments.values_list("key", flat=True))
    workload = next((k for k in keys if "workload" in k), keys[0])
    voice = next((k for k in keys if "voice" in k), keys[1])
    _add_actions(
        charter=charter,
        school=oakfield,
        head=head,
        champion=champion,
        workload=workload,
        voice=voice,
        today=today,
    )
    _add_evidence(
        charter=charter,
        school=oakfield,
        head=head,
        champion=champion,
        workload=workload,
        voice=voice,
    )
    _add_action_group(school=oakfield)


def _add_actions(
    *,
    charter: Charter,
    school: School,
    head: User | None,
    champion: User | None,
    workload: str,
    voice: str,
    today: dt.date,
) -> None:
    """Build a school's actions: one due soon, one overdue (created a while ago), one done
    and shown to staff, and one shown to staff that is still to come."""
    services.action_create(
        charter=charter,
        school=school,
        commitment_key=workload,
        title="Cut the marking policy to one page",
        owner=head,
        due_on=today + dt.timedelta(days=2),
    )
    Action.objects.create(
        charter=charter,
        school=school,
        commitment_key=workload,
        title="Agree an email curfew with staff",
        owner=champion,
        created_on=today - dt.timedelta(days=40),
        due_on=today - dt.timedelta(days=5),
    )
    done = services.action_create(
        charter=charter,
        school=school,
        commitment_key=voice,
        title="Staff wellbeing forum each half term",
        owner=champion,
        due_on=today,
        for_staff=True,
        staff_summary="You said you had no say in decisions that affect your workload. We now hold a "
        "staff forum every half term, and its notes go to governors.",
    )
    services.action_complete(action=done)
    services.action_create(
        charter=charter,
        school=school,
        commitment_key=workload,
        title="No meetings on Fridays",
        owner=head,
        due_on=today + dt.timedelta(days=30),
        for_staff=True,
        staff_summary="You said the week ends with too many meetings. From next half term, Fridays are meeting-free.",
    )


def _add_evidence(
    *,
    charter: Charter,
    school: School,
    head: User | None,
    champion: User | None,
    workload: str,
    voice: str,
) -> None:
    """Build a school's evidence: a note on workload and a link on staff voice."""
    Evidence.objects.create(
        charter=charter,
        school=school,
        commitment_key=workload,
        kind=Evidence.Kind.NOTE,
        note="Marking policy reviewed with staff on 3 November; draft shared.",
        added_by=head,
    )
    Evidence.objects.create(
        charter=charter,
        school=school,
        commitment_key=voice,
        kind=Evidence.Kind.LINK,
        url="https://example.org/oakfield/staff-forum-minutes",
        added_by=champion,
    )


def _add_action_group(*, school: School) -> None:
    """Build a school's action group: one member of staff, a pupil, a parent and a governor."""
    for name, role in (
        ("Chris Wong", "staff"),
        ("Maya Hughes", "pupil"),
        ("Dan Ellis", "parent"),
        ("Peter Hall", "governor"),
    ):
        ActionGroupMember.objects.get_or_create(school=school, name=name, defaults={"role": role})
