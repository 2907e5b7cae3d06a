"""Writes about people: accounts, memberships, officer assignments, and the staff CSV import."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from wellbeing_portal.core.csv_import import ImportProblem, ImportRejected, csv_rows, quoted
from wellbeing_portal.outbox.services import email_enqueue_from_templates

from .models import (
    SCHOOL_ROLES,
    Membership,
    OfficerAssignment,
    Organisation,
    Role,
    School,
    User,
)
from .policy import access_for, is_confidential_role

# Services ---------------------------------------------------------------------------


def user_create(*, email: str, full_name: str, password: str | None = None) -> User:
    """Create an account whose email counts as verified (the organisation vouches for it)."""
    user = User(email=email.strip().lower(), full_name=full_name.strip())
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _grant_key(membership: Membership) -> tuple[object, ...]:
    """What makes a membership a grant of access: who, which role, where, and as chair."""
    return (
        membership.user_id,
        membership.role,
        membership.school_id,
        membership.organisation_id,
        membership.is_chair,
    )


def _organisation_of(membership: Membership) -> Organisation | None:
    if membership.organisation_id is not None:
        return membership.organisation
    if membership.school_id is not None:
        return membership.school.responsible_body  # type: ignore[union-attr]
    return None


def _role_name(role: str, *, is_chair: bool = False) -> str:
    if role == Role.GOVERNOR and is_chair:
        return "chair of governors"
    return str(Role(role).label).lower() if role in Role.values else role


def grant_refusal(
    *,
    granted_by: User,
    user_id: int | None,
    role: str,
    organisation: Organisation | None,
    is_chair: bool = False,
) -> str | None:
    """Why `granted_by` may not give `role` (at a place of `organisation`) to the person
    `user_id`, or None if they may. A confidential role (policy.CONFIDENTIAL_ROLES, the
    chair of governors) is given only by a senior officer of the organisation or a
    platform admin, and never by a person to themselves; other roles also by the
    organisation's wellbeing lead."""
    access = access_for(granted_by)
    name = _role_name(role, is_chair=is_chair)
    place = organisation.name if organisation is not None else "the organisation"
    if is_confidential_role(role, is_chair=is_chair):
        if user_id is not None and user_id == granted_by.pk:
            return (
                f"You cannot give yourself the {name} role: a senior officer of {place} "
                "or a platform admin must give it."
            )
        if access.is_platform_admin or (
            organisation is not None
            and access.has_organisation_role(organisation.pk, {Role.SENIOR_OFFICER})
        ):
            return None
        return f"Only a senior officer of {place} or a platform admin can give the {name} role."
    if access.is_platform_admin or (
        organisation is not None
        and access.has_organisation_role(
            organisation.pk, {Role.SENIOR_OFFICER, Role.WELLBEING_LEAD}
        )
    ):
        return None
    return f"Only {place}'s wellbeing lead, a senior officer or a platform admin can give roles."


def audit_log_position() -> int:
    """The last audit log entry's id: the entries a save writes come after it."""
    return LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _grant_recorded(
    *, obj: Membership | OfficerAssignment, granted_by: User, what: str, after: int
) -> None:
    """Name the person who gave confidential access on the audit log's entry for the save
    (the one after entry `after`): as its actor if the request did not set one (a command,
    a shell), and in its additional data. Without an entry (auditlog switched off for the
    save), write one."""
    entry = LogEntry.objects.get_for_object(obj).filter(pk__gt=after).order_by("-pk").first()
    if entry is None:
        entry = LogEntry.objects.log_create(
            obj, action=LogEntry.Action.CREATE, changes={}, force_log=True
        )
        if entry is None:
            return
    if entry.actor_id is None:
        entry.actor = granted_by
        entry.actor_email = granted_by.email
    entry.additional_data = {
        **(entry.additional_data or {}),
        "confidential_access_granted": what,
        "granted_by": granted_by.email,
    }
    entry.save(update_fields=["actor", "actor_email", "additional_data"])


def _grant_email_enqueue(
    *, user: User, granted_by: User, role_name: str, place: School | Organisation, obj: str
) -> None:
    """Tell a person they were given confidential access, and by whom: if they did not
    expect it, they can say so (and someone misusing an account is seen)."""
    email_enqueue_from_templates(
        kind="people.role_granted",
        obj=obj,
        to=user.email,
        template="emails/people/role_granted",
        context={
            "user": user,
            "granted_by": granted_by,
            "role_name": role_name,
            "place": place,
        },
        recipient_id=user.pk,
    )


def membership_save(*, membership: Membership, granted_by: User | None) -> Membership:
    """Save a new or changed membership, validated against the constraints.

    `granted_by` is the person giving it; None only for the portal itself (seed data, a
    command run on the server). A person's grant is checked with `grant_refusal` (a
    ValidationError names the refusal); a confidential role they give is recorded on the
    audit log with them as actor, and the person given it is told by email.
    """
    before = Membership.objects.filter(pk=membership.pk).first() if membership.pk else None
    is_grant = before is None or _grant_key(before) != _grant_key(membership)
    confidential = is_grant and is_confidential_role(membership.role, is_chair=membership.is_chair)
    if granted_by is not None and is_grant:
        refusal = grant_refusal(
            granted_by=granted_by,
            user_id=membership.user_id,
            role=membership.role,
            organisation=_organisation_of(membership),
            is_chair=membership.is_chair,
        )
        if refusal:
            raise ValidationError(refusal, code="grant_refused")
    membership.full_clean()
    with transaction.atomic():
        logged = audit_log_position()
        membership.save()
        if confidential and granted_by is not None:
            name = _role_name(membership.role, is_chair=membership.is_chair)
            place = membership.place
            assert place is not None
            _grant_recorded(
                obj=membership, granted_by=granted_by, what=f"{name} at {place}", after=logged
            )
            _grant_email_enqueue(
                user=membership.user,
                granted_by=granted_by,
                role_name=membership.role_label if membership.role == Role.LINK_OFFICER else name,
                place=place,
                obj=f"membership:{membership.pk}:{membership.role}:{membership.is_chair}",
            )
    return membership


def membership_create(
    *,
    user: User,
    role: str,
    school: School | None = None,
    organisation: Organisation | None = None,
    title: str = "",
    is_chair: bool = False,
    is_wellbeing_lead_governor: bool = False,
    granted_by: User | None = None,
) -> Membership:
    """Give a person a role at a school or an organisation (see `membership_save`)."""
    membership = Membership(
        user=user,
        role=role,
        school=school,
        organisation=organisation,
        title=title,
        is_chair=is_chair,
        is_wellbeing_lead_governor=is_wellbeing_lead_governor,
    )
    return membership_save(membership=membership, granted_by=granted_by)


def officer_assign(
    *, membership: Membership, school: School, assigned_by: User | None = None
) -> OfficerAssignment:
    """Assign a link officer to a school of their own organisation, which lets them read
    its inspection records: a person assigning is held to the rules of a confidential
    grant (`grant_refusal`), logged and the officer told. None: the portal itself."""
    if membership.role != Role.LINK_OFFICER:
        raise ValidationError("Only a link officer can be assigned to a school.")
    if school.responsible_body_id != membership.organisation_id:
        raise ValidationError("A link officer can only cover schools of their own organisation.")
    if assigned_by is not None:
        refusal = grant_refusal(
            granted_by=assigned_by,
            user_id=membership.user_id,
            role=Role.LINK_OFFICER,
            organisation=school.responsible_body,
        )
        if refusal:
            raise ValidationError(refusal, code="grant_refused")
    with transaction.atomic():
        logged = audit_log_position()
        assignment, created = OfficerAssignment.objects.get_or_create(
            membership=membership, school=school
        )
        if created and assigned_by is not None:
            officer_assignment_granted(
                assignment=assignment, assigned_by=assigned_by, logged_after=logged
            )
    return assignment


def officer_assignment_granted(
    *, assignment: OfficerAssignment, assigned_by: User, logged_after: int
) -> None:
    """Record and tell of a new assignment saved after audit log entry `logged_after`
    (also called by the admin, which saves assignments itself)."""
    membership = assignment.membership
    _grant_recorded(
        obj=assignment,
        granted_by=assigned_by,
        what=f"{membership.role_label} covering {assignment.school}",
        after=logged_after,
    )
    _grant_email_enqueue(
        user=membership.user,
        granted_by=assigned_by,
        role_name=membership.role_label,  # the organisation's own title, as it writes it
        place=assignment.school,
        obj=f"assignment:{assignment.pk}",
    )


def password_set_url(*, user: User) -> str:
    """A one-time link for a new person to choose their password (allauth's reset-by-key)."""
    key = default_token_generator.make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    return f"{settings.PORTAL_BASE_URL}{path}"


def welcome_email_enqueue(*, user: User, organisation: Organisation) -> None:
    """Tell a new person their account exists and how to set their password."""
    email_enqueue_from_templates(
        kind="people.welcome",
        obj=f"user:{user.pk}",
        to=user.email,
        template="emails/people/welcome",
        context={
            "user": user,
            "organisation": organisation,
            "password_set_url": password_set_url(user=user),
        },
        recipient_id=user.pk,
    )


# The staff CSV import ---------------------------------------------------------------

STAFF_IMPORT_COLUMNS = ("name", "email", "school_urn", "role")
_ROLE_BY_TEXT = {
    **{str(role.value): role for role in SCHOOL_ROLES},
    **{str(role.label).lower(): role for role in SCHOOL_ROLES},
    "head": Role.HEADTEACHER,
    "head teacher": Role.HEADTEACHER,
    "champion": Role.WELLBEING_CHAMPION,
}
_NAME_MAX = User._meta.get_field("full_name").max_length or 200
_EMAIL_MAX = User._meta.get_field("email").max_length or 254


@dataclass(frozen=True)
class StaffRow:
    line: int
    name: str
    email: str
    school: School
    role: Role


@dataclass
class StaffImportResult:
    people_created: int = 0
    roles_added: int = 0
    unchanged: int = 0
    new_people: list[str] = field(default_factory=list)


def _staff_name_problem(name: str) -> str | None:
    if not name:
        return "The name is empty"
    if len(name) > _NAME_MAX:
        return f"The name is longer than {_NAME_MAX} characters"
    return None


def _staff_email_problem(email: str) -> str | None:
    try:
        if len(email) > _EMAIL_MAX:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        return f"'{quoted(email)}' is not an email address" if email else "The email is empty"
    return None


def staff_import_parse(
    *, organisation: Organisation, data: bytes, imported_by: User
) -> list[StaffRow]:
    """Check every row of a staff CSV; raise ImportRejected listing every problem found.

    A row that would give a confidential role (a head or school leader) is a problem
    unless `imported_by` may give it (`grant_refusal`): never to themselves, and only as
    a senior officer or a platform admin. A role the person already holds changes nothing
    and is no problem.
    """
    lines = csv_rows(
        data, required=STAFF_IMPORT_COLUMNS, max_bytes=settings.PORTAL_STAFF_IMPORT_MAX_BYTES
    )
    schools = {s.urn: s for s in School.objects.filter(responsible_body=organisation)}

    rows: list[StaffRow] = []
    problems: list[ImportProblem] = []
    first_line_of: dict[str, int] = {}
    for line_no, cells in lines:
        name, email, urn, role_text = (cells[c] for c in STAFF_IMPORT_COLUMNS)
        email = email.lower()
        name_problem, email_problem = _staff_name_problem(name), _staff_email_problem(email)
        row_problems = [p for p in (name_problem, email_problem) if p]
        if email_problem is None:
            if email in first_line_of:
                row_problems.append(f"{email} is also on line {first_line_of[email]}")
            else:
                first_line_of[email] = line_no
        school = schools.get(urn)
        if school is None:
            row_problems.append(
                f"No school with URN '{quoted(urn)}' belongs to {organisation.name}"
                if urn
                else "The school URN is empty"
            )
        role = _ROLE_BY_TEXT.get(role_text.lower())
        if role is None:
            row_problems.append(
                f"'{quoted(role_text)}' is not a school role (use staff, headteacher, "
                "school_leader, wellbeing_champion or governor)"
            )
        if row_problems:
            problems.append(ImportProblem(line_no, "; ".join(row_problems) + "."))
        else:
            assert school is not None and role is not None
            rows.append(StaffRow(line_no, name, email, school, role))
    if not rows and not problems:
        raise ImportRejected([ImportProblem(0, "The file has column names but no people.")])
    problems.extend(_staff_import_refusals(rows=rows, organisation=organisation, by=imported_by))
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.line))
    return rows


def _staff_import_refusals(
    *, rows: list[StaffRow], organisation: Organisation, by: User
) -> list[ImportProblem]:
    """The rows that would give a role `by` may not give (a role already held is fine)."""
    held = set(
        Membership.objects.filter(
            user__email__in=[r.email for r in rows], school__responsible_body=organisation
        ).values_list("user__email", "role", "school_id")
    )
    user_ids = dict(
        User.objects.filter(email__in=[r.email for r in rows]).values_list("email", "pk")
    )
    problems = []
    for row in rows:
        if (row.email, row.role, row.school.pk) in held:
            continue
        refusal = grant_refusal(
            granted_by=by,
            user_id=user_ids.get(row.email),
            role=row.role,
            organisation=organisation,
        )
        if refusal:
            problems.append(ImportProblem(row.line, refusal))
    return problems


def staff_import(
    *, organisation: Organisation, file: IO[bytes], imported_by: User
) -> StaffImportResult:
    """Import staff from CSV for `imported_by`: all rows or none. New people are emailed a
    password link; people given a confidential role are told so (`membership_save`)."""
    data = file.read(settings.PORTAL_STAFF_IMPORT_MAX_BYTES + 1)
    rows = staff_import_parse(organisation=organisation, data=data, imported_by=imported_by)
    result = StaffImportResult()
    row = rows[0]
    try:
        with transaction.atomic():
            existing = {u.email: u for u in User.objects.filter(email__in=[r.email for r in rows])}
            held = set(
                Membership.objects.filter(user__in=existing.values()).values_list(
                    "user__email", "role", "school_id"
                )
            )
            for row in rows:
                user = existing.get(row.email)
                if user is None:
                    user = user_create(email=row.email, full_name=row.name)
                    existing[row.email] = user
                    result.people_created += 1
                    result.new_people.append(row.email)
                    welcome_email_enqueue(user=user, organisation=organisation)
                if (row.email, row.role, row.school.pk) in held:
                    result.unchanged += 1
                    continue
                membership_create(
                    user=user, role=row.role, school=row.school, granted_by=imported_by
                )
                held.add((row.email, row.role, row.school.pk))
                result.roles_added += 1
    except ValidationError as error:
        # Checked above already; this is a change made meanwhile (someone else's import).
        raise ImportRejected([ImportProblem(row.line, " ".join(error.messages))]) from None
    return result
