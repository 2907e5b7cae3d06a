"""Reads of charters, each scoped by the requesting user through the policy layer.

Who may do what with a charter:
- read a charter: anyone who works for its organisation or in one of its schools;
- adopt, version, word commitments, record signatories: the organisation's wellbeing lead;
- read a school's progress: its head, leaders, champions and governors, its assigned
  link officers, and the organisation's senior officers and wellbeing leads;
- update a school's progress, actions and evidence: its head, leaders and champions, and
  the organisation's wellbeing lead;
- staff see their school's "you said, we did" and sign pledges; pledges show as counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from wellbeing_portal.people.models import Membership, Organisation, Role, School, User
from wellbeing_portal.people.policy import (
    FULL_SCHOOL_READERS,
    OFFICERS,
    OVERSEERS,
    AnyUser,
    access_for,
    school_get_for_user,
    schools_visible_to,
)

from .models import (
    Action,
    ActionGroupMember,
    Charter,
    CharterVersion,
    Commitment,
    Evidence,
    Pledge,
    Progress,
    ProgressStatus,
    Signatory,
    on_current_commitment,
)

# Kinds of item a school tracks progress on (pledges are signed by people instead).
TRACKED_KINDS = {"commitment", "checklist", "activity"}


# Permissions ------------------------------------------------------------------------


def _leads(user: AnyUser, organisation_id: int) -> bool:
    """Whether the user is a wellbeing lead of the organisation."""
    return access_for(user).has_organisation_role(organisation_id, {Role.WELLBEING_LEAD})


def can_manage_charter(user: AnyUser, charter: Charter) -> bool:
    """The organisation's wellbeing lead adopts, versions and words its charters."""
    return _leads(user, charter.organisation_id)


def can_read_progress(user: AnyUser, school: School) -> bool:
    """Those who may edit it, the school's governors, its assigned link officers and the
    organisation's overseers read a school's progress."""
    access = access_for(user)
    return (
        access.has_school_role(school, FULL_SCHOOL_READERS)
        or access.has_school_role(school, {Role.GOVERNOR})
        or access.is_assigned_officer(school)
        or access.oversees(school)
    )


def can_see_grid(user: AnyUser, charter: Charter) -> bool:
    """The organisation's overseers and officers see its schools × commitments grid (link
    officers only their assigned schools' rows)."""
    return access_for(user).has_organisation_role(charter.organisation_id, OVERSEERS | OFFICERS)


def can_sign_pledges(user: AnyUser, charter: Charter) -> bool:
    """Practitioner pledges are for staff: anyone with a school role in the organisation."""
    access = access_for(user)
    return School.objects.filter(
        pk__in=access.school_ids(), responsible_body_id=charter.organisation_id
    ).exists()


def can_edit_progress(user: AnyUser, school: School) -> bool:
    """The school's full results readers (its leaders and wellbeing champion) and the
    organisation's wellbeing lead update its progress, actions and evidence."""
    return access_for(user).has_school_role(school, FULL_SCHOOL_READERS) or _leads(
        user, school.responsible_body_id
    )


# Charters ---------------------------------------------------------------------------


def charters_visible_to(user: AnyUser) -> QuerySet[Charter]:
    """Charters of every organisation the user works for or has a school in."""
    access = access_for(user)
    if not access.is_authenticated:
        return Charter.objects.none()
    return (
        Charter.objects.filter(
            Q(organisation_id__in=access.organisation_ids())
            | Q(organisation__schools__pk__in=access.school_ids())
        )
        .distinct()
        .select_related("organisation")
    )


def charter_get_for_user(*, user: AnyUser, pk: int) -> Charter:
    """A charter the user may read, or 404."""
    try:
        return charters_visible_to(user).get(pk=pk)
    except Charter.DoesNotExist:
        raise Http404("No such charter.") from None


def charter_get_for_school(*, school: School, pk: int) -> Charter:
    """A charter of the school's responsible body (the caller has checked the school is
    the user's to act for), or 404."""
    try:
        return Charter.objects.get(pk=pk, organisation_id=school.responsible_body_id)
    except Charter.DoesNotExist:
        raise Http404("No such charter.") from None


def charter_get_managed(*, user: AnyUser, pk: int) -> Charter:
    """A charter the user may change, or 404 (also when they may only read it)."""
    charter = charter_get_for_user(user=user, pk=pk)
    if not can_manage_charter(user, charter):
        raise Http404("No such charter.")
    return charter


def charter_get_public(*, pk: int) -> Charter:
    """Any charter with an adopted version: its words and signatories are public."""
    try:
        return Charter.objects.select_related("organisation").get(
            pk=pk, versions__status=CharterVersion.Status.ADOPTED
        )
    except Charter.DoesNotExist:
        raise Http404("No such charter.") from None


def version_current(charter: Charter) -> CharterVersion | None:
    """The charter's adopted version, if it has one."""
    return charter.versions.filter(status=CharterVersion.Status.ADOPTED).first()


def version_draft(charter: Charter) -> CharterVersion | None:
    """The charter's draft of its next version, if one is being written."""
    return charter.versions.filter(status=CharterVersion.Status.DRAFT).first()


def versions_history(charter: Charter) -> QuerySet[CharterVersion]:
    """The charter's adopted and superseded versions (never its draft)."""
    return charter.versions.exclude(status=CharterVersion.Status.DRAFT)


def version_get(*, charter: Charter, number: int) -> CharterVersion:
    """One adopted or superseded version of a charter the caller may read, or 404."""
    try:
        return versions_history(charter).get(number=number)
    except CharterVersion.DoesNotExist:
        raise Http404("No such version.") from None


def draft_commitment_get(*, user: AnyUser, pk: int, commitment_pk: int) -> Commitment:
    """A commitment of the draft of a charter the user manages, or 404."""
    version = version_draft(charter_get_managed(user=user, pk=pk))
    if version is None:
        raise Http404("No draft.")
    try:
        return version.commitments.get(pk=commitment_pk)
    except Commitment.DoesNotExist:
        raise Http404("No such commitment.") from None


def signatories_of(version: CharterVersion | None) -> list[Signatory]:
    """Who signed the version, for its public page."""
    return list(version.signatories.all()) if version else []


def commitments_of(
    version: CharterVersion | None, *, kinds: set[str] | None = None
) -> list[Commitment]:
    """The version's items in order (only these `kinds`, if given); none without a version."""
    if version is None:
        return []
    commitments = version.commitments.all()
    if kinds:
        commitments = commitments.filter(kind__in=kinds)
    return list(commitments)


# A school's progress ----------------------------------------------------------------


@dataclass
class CommitmentRow:
    commitment: Commitment
    progress: Progress | None
    open_actions: int = 0
    overdue_actions: int = 0
    evidence: int = 0

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else ProgressStatus.NOT_STARTED

    @property
    def status_label(self) -> str:
        return ProgressStatus(self.status).label


@dataclass
class SchoolProgress:
    charter: Charter
    school: School
    version: CharterVersion | None
    rows: list[CommitmentRow] = field(default_factory=list)

    def counts(self) -> list[tuple[str, int]]:
        """How many commitments stand at each status, most advanced first."""
        order = [
            ProgressStatus.EMBEDDED,
            ProgressStatus.IN_PROGRESS,
            ProgressStatus.PLANNED,
            ProgressStatus.NOT_STARTED,
        ]
        return [(s.label, sum(1 for row in self.rows if row.status == s)) for s in order]


def school_progress(*, charter: Charter, school: School, today: object = None) -> SchoolProgress:
    """Every commitment of the current version with the school's status, in five queries."""
    from django.utils import timezone

    today = today or timezone.localdate()
    version = version_current(charter)
    result = SchoolProgress(charter=charter, school=school, version=version)
    commitments = commitments_of(version, kinds=TRACKED_KINDS)
    progress = {
        p.commitment_key: p
        for p in Progress.objects.filter(charter=charter, school=school).select_related("owner")
    }
    actions = dict(
        Action.objects.filter(charter=charter, school=school, status=Action.Status.OPEN)
        .values("commitment_key")
        .annotate(n=Count("pk"))
        .values_list("commitment_key", "n")
    )
    overdue = dict(
        Action.objects.filter(
            charter=charter, school=school, status=Action.Status.OPEN, due_on__lt=today
        )
        .values("commitment_key")
        .annotate(n=Count("pk"))
        .values_list("commitment_key", "n")
    )
    evidence = dict(
        Evidence.objects.filter(charter=charter, school=school)
        .values("commitment_key")
        .annotate(n=Count("pk"))
        .values_list("commitment_key", "n")
    )
    result.rows = [
        CommitmentRow(
            commitment=c,
            progress=progress.get(c.key),
            open_actions=actions.get(c.key, 0),
            overdue_actions=overdue.get(c.key, 0),
            evidence=evidence.get(c.key, 0),
        )
        for c in commitments
    ]
    return result


def commitment_row(*, charter: Charter, school: School, key: str) -> CommitmentRow:
    """One commitment of the current version with the school's standing on it, or 404."""
    for row in school_progress(charter=charter, school=school).rows:
        if row.commitment.key == key:
            return row
    raise Http404("No such commitment.")


def commitments_for_domain(*, school: School, domain_key: str) -> list[tuple[str, str]]:
    """Commitments of the school's adopted charters to hang an action on, as (value, label)
    with value "<charter pk>:<key>"; those serving the survey domain first. Empty if the
    school's organisation has no adopted charter."""
    rows = list(
        Commitment.objects.filter(
            version__charter__organisation_id=school.responsible_body_id,
            version__status=CharterVersion.Status.ADOPTED,
            kind__in=TRACKED_KINDS,
        )
        .select_related("version__charter")
        .order_by("version__charter__title", "position")
    )
    rows.sort(key=lambda c: domain_key not in (c.domains or []))
    return [
        (f"{c.version.charter_id}:{c.key}", f"{c.title} ({c.version.charter.title})") for c in rows
    ]


def actions_for(*, charter: Charter, school: School, key: str) -> QuerySet[Action]:
    """The school's actions on one commitment of the charter."""
    return Action.objects.filter(charter=charter, school=school, commitment_key=key).select_related(
        "owner"
    )


def evidence_for(*, charter: Charter, school: School, key: str) -> QuerySet[Evidence]:
    """The school's evidence on one commitment of the charter."""
    return Evidence.objects.filter(
        charter=charter, school=school, commitment_key=key
    ).select_related("added_by")


def template_keys_adopted(*, organisation: Organisation) -> set[str]:
    """The templates the organisation has already adopted a charter from."""
    return set(
        Charter.objects.filter(organisation=organisation).values_list("template_key", flat=True)
    )


def action_group_of(*, school: School) -> QuerySet[ActionGroupMember]:
    """The members of the school's wellbeing action group."""
    return ActionGroupMember.objects.filter(school=school)


def lead_governors_of(*, school: School) -> QuerySet[Membership]:
    """The school's governors who lead on wellbeing."""
    return Membership.objects.filter(
        school=school, role=Role.GOVERNOR, is_wellbeing_lead_governor=True
    ).select_related("user")


def school_for_progress(*, user: AnyUser, pk: int) -> School:
    """A school whose charter progress the user may read, or 404."""
    school = school_get_for_user(user=user, pk=pk)
    if not can_read_progress(user, school):
        raise Http404("No such school.")
    return school


def schools_reading_progress(*, user: AnyUser, charter: Charter) -> list[School]:
    """The charter organisation's schools whose progress the user may read."""
    schools = schools_visible_to(user).filter(responsible_body=charter.organisation)
    return [school for school in schools if can_read_progress(user, school)]


def schools_working_at(*, user: AnyUser, charter: Charter) -> list[School]:
    """The charter organisation's schools where the user holds a role themselves."""
    return list(
        schools_visible_to(user).filter(
            pk__in=access_for(user).school_ids(), responsible_body=charter.organisation
        )
    )


def action_get_for_editor(*, user: AnyUser, pk: int) -> Action:
    """An action at a school whose progress the user may edit, or 404."""
    action = Action.objects.filter(pk=pk).first()
    if action is None:
        raise Http404("No such action.")
    school = school_get_for_user(user=user, pk=action.school_id)
    if not can_edit_progress(user, school):
        raise Http404("No such action.")
    return action


def evidence_file_get_for_user(*, user: AnyUser, pk: int) -> Evidence:
    """A file kept as evidence at a school whose progress the user may read, or 404."""
    evidence = Evidence.objects.filter(pk=pk, kind=Evidence.Kind.FILE).first()
    if evidence is None:
        raise Http404("No such file.")
    school_for_progress(user=user, pk=evidence.school_id)
    return evidence


@dataclass
class Grid:
    commitments: list[Commitment]
    schools: list[School]
    cells: dict[tuple[int, str], str]

    def rows(self) -> list[tuple[School, list[str]]]:
        return [
            (
                s,
                [
                    self.cells.get((s.pk, c.key), ProgressStatus.NOT_STARTED)
                    for c in self.commitments
                ],
            )
            for s in self.schools
        ]


def organisation_grid(*, user: AnyUser, charter: Charter) -> Grid:
    """Schools × commitments for the organisation's officers and lead, in three queries."""
    if not can_see_grid(user, charter):
        raise Http404("No such charter.")
    access = access_for(user)
    schools = School.objects.filter(responsible_body_id=charter.organisation_id).order_by("name")
    if not access.has_organisation_role(charter.organisation_id, OVERSEERS):
        schools = schools.filter(pk__in=access.assigned_school_ids)
    commitments = commitments_of(version_current(charter), kinds=TRACKED_KINDS)
    cells = {
        (school_id, key): status
        for school_id, key, status in Progress.objects.filter(charter=charter).values_list(
            "school_id", "commitment_key", "status"
        )
    }
    return Grid(commitments=commitments, schools=list(schools), cells=cells)


def actions_for_staff(*, school: School) -> QuerySet[Action]:
    """'You said, we did': actions the school has chosen to show its staff."""
    return (
        Action.objects.filter(school=school, for_staff=True)
        .filter(on_current_commitment())
        .order_by("-created_on")
    )


def pledge_rows(*, user: AnyUser, charter: Charter) -> list[tuple[Commitment, int, bool]]:
    """Each pledge of the current version, how many have signed it, and whether the user has."""
    counts = dict(
        Pledge.objects.filter(charter=charter)
        .values("commitment_key")
        .annotate(n=Count("pk"))
        .values_list("commitment_key", "n")
    )
    signed = set(
        Pledge.objects.filter(charter=charter, user_id=user.pk or 0).values_list(
            "commitment_key", flat=True
        )
    )
    return [
        (item, counts.get(item.key, 0), item.key in signed)
        for item in commitments_of(version_current(charter), kinds={"pledge"})
    ]


def school_people(*, school: School) -> QuerySet[User]:
    """People who may own a commitment or an action at the school: its staff and leaders."""
    return (
        User.objects.filter(memberships__school=school)
        .exclude(
            pk__in=Membership.objects.filter(school=school, role=Role.GOVERNOR).values("user_id")
        )
        .distinct()
        .order_by("full_name")
    )
