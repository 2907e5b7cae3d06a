"""Writes about people: accounts, memberships, officer assignments, and the staff CSV import."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from wellbeing_portal.core.csv_import import ImportProblem, ImportRejected, csv_rows
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


def membership_create(
    *,
    user: User,
    role: str,
    school: School | None = None,
    organisation: Organisation | None = None,
    title: str = "",
    is_chair: bool = False,
    is_wellbeing_lead_governor: bool = False,
) -> Membership:
    """Give a person a role at a school or an organisation (validated against the constraints)."""
    membership = Membership(
        user=user,
        role=role,
        school=school,
        organisation=organisation,
        title=title,
        is_chair=is_chair,
        is_wellbeing_lead_governor=is_wellbeing_lead_governor,
    )
    membership.full_clean()
    membership.save()
    return membership


def officer_assign(*, membership: Membership, school: School) -> OfficerAssignment:
    """Assign a link officer to a school of their own organisation."""
    if membership.role != Role.LINK_OFFICER:
        raise ValidationError("Only a link officer can be assigned to a school.")
    if school.responsible_body_id != membership.organisation_id:
        raise ValidationError("A link officer can only cover schools of their own organisation.")
    assignment, _ = OfficerAssignment.objects.get_or_create(membership=membership, school=school)
    return assignment


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


def staff_import_parse(*, organisation: Organisation, data: bytes) -> list[StaffRow]:
    """Check every row of a staff CSV; raise ImportRejected listing every problem found."""
    lines = csv_rows(
        data, required=STAFF_IMPORT_COLUMNS, max_bytes=settings.PORTAL_STAFF_IMPORT_MAX_BYTES
    )
    schools = {s.urn: s for s in School.objects.filter(responsible_body=organisation)}

    rows: list[StaffRow] = []
    problems: list[ImportProblem] = []
    first_line_of: dict[str, int] = {}
    for line_no, cells in lines:
        name, email, urn, role_text = (cells[c] for c in STAFF_IMPORT_COLUMNS)
        row_problems: list[str] = []
        if not name:
            row_problems.append("The name is empty")
        elif len(name) > 200:
            row_problems.append("The name is longer than 200 characters")
        email = email.lower()
        try:
            validate_email(email)
        except ValidationError:
            row_problems.append(
                f"'{email}' is not an email address" if email else "The email is empty"
            )
        else:
            if email in first_line_of:
                row_problems.append(f"{email} is also on line {first_line_of[email]}")
            else:
                first_line_of[email] = line_no
        school = schools.get(urn)
        if school is None:
            row_problems.append(
                f"No school with URN '{urn}' belongs to {organisation.name}"
                if urn
                else "The school URN is empty"
            )
        role = _ROLE_BY_TEXT.get(role_text.lower())
        if role is None:
            row_problems.append(
                f"'{role_text}' is not a school role (use staff, headteacher, school_leader, "
                "wellbeing_champion or governor)"
            )
        if row_problems:
            problems.append(ImportProblem(line_no, "; ".join(row_problems) + "."))
        else:
            assert school is not None and role is not None
            rows.append(StaffRow(line_no, name, email, school, role))
    if problems:
        raise ImportRejected(problems)
    if not rows:
        raise ImportRejected([ImportProblem(0, "The file has column names but no people.")])
    return rows


def staff_import(*, organisation: Organisation, file: IO[bytes]) -> StaffImportResult:
    """Import staff from CSV: all rows or none. New people are emailed a password link."""
    data = file.read(settings.PORTAL_STAFF_IMPORT_MAX_BYTES + 1)
    rows = staff_import_parse(organisation=organisation, data=data)
    result = StaffImportResult()
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
            membership_create(user=user, role=row.role, school=row.school)
            held.add((row.email, row.role, row.school.pk))
            result.roles_added += 1
    return result
