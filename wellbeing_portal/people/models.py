"""People and places: users, organisations, schools and the roles people hold in them.

Who may see what is decided in `policy.py`, from the memberships defined here.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    """Creates users whose login is their email address (stored lower-case)."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address. Platform admins have is_staff."""

    email = models.EmailField("email address", max_length=254, unique=True)
    full_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "platform admin",
        default=False,
        help_text="Can sign in to the Django admin. Give this only to the portal's administrators.",
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(Lower("email"), name="people_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Organisation(models.Model):
    """A trust, a local authority, or a partner (a union, a heads' group) that can sign a charter."""

    class Kind(models.TextChoices):
        TRUST = "trust", "Multi-academy trust"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        PARTNER = "partner", "Partner organisation"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    link_officer_title = models.CharField(
        max_length=100,
        default="Link officer",
        help_text="What this organisation calls its link officers, "
        "e.g. School improvement partner, SIM or LLP.",
    )
    inspection_window_months = models.PositiveSmallIntegerField(
        default=30,
        help_text="A school is 'in the Ofsted window' this many months after its last inspection.",
    )

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    @property
    def is_responsible_body(self) -> bool:
        return self.kind in (self.Kind.TRUST, self.Kind.LOCAL_AUTHORITY)


urn_validator = RegexValidator(
    r"^\d{6,7}$", "A URN is the school's 6 or 7 digit unique reference number."
)


class School(models.Model):
    """A school, run by one responsible body (a trust or the LA), in an LA's area."""

    class Phase(models.TextChoices):
        NURSERY = "nursery", "Nursery"
        PRIMARY = "primary", "Primary"
        MIDDLE = "middle", "Middle"
        SECONDARY = "secondary", "Secondary"
        ALL_THROUGH = "all_through", "All-through"
        SPECIAL = "special", "Special"
        ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision"
        POST_16 = "post_16", "16 to 19"

    name = models.CharField(max_length=200)
    urn = models.CharField("URN", max_length=7, unique=True, validators=[urn_validator])
    phase = models.CharField(max_length=30, choices=Phase.choices)
    responsible_body = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="schools",
        limit_choices_to={"kind__in": [Organisation.Kind.TRUST, Organisation.Kind.LOCAL_AUTHORITY]},
    )
    la_area = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="schools_in_area",
        null=True,
        blank=True,
        verbose_name="local authority area",
        limit_choices_to={"kind": Organisation.Kind.LOCAL_AUTHORITY},
    )
    last_inspection_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("name",)
        indexes: ClassVar = [models.Index(fields=["responsible_body", "name"])]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """The roles of SPEC §2. School roles need a school; organisation roles an organisation."""

    STAFF = "staff", "Staff member"
    HEADTEACHER = "headteacher", "Headteacher"
    SCHOOL_LEADER = "school_leader", "School leader"
    WELLBEING_CHAMPION = "wellbeing_champion", "Wellbeing champion"
    GOVERNOR = "governor", "Governor"
    LINK_OFFICER = "link_officer", "Link officer"
    SENIOR_OFFICER = "senior_officer", "Senior officer"
    WELLBEING_LEAD = "wellbeing_lead", "Wellbeing lead"


SCHOOL_ROLES = frozenset(
    {Role.STAFF, Role.HEADTEACHER, Role.SCHOOL_LEADER, Role.WELLBEING_CHAMPION, Role.GOVERNOR}
)
ORGANISATION_ROLES = frozenset({Role.LINK_OFFICER, Role.SENIOR_OFFICER, Role.WELLBEING_LEAD})
# Roles whose holders must set up two-factor authentication before using the portal.
MFA_ROLES = ORGANISATION_ROLES


class Membership(models.Model):
    """A role a person holds at one school, or at one organisation. A person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    title = models.CharField(
        max_length=100,
        blank=True,
        help_text="Job title as people know it, e.g. 'Deputy headteacher' or 'Senior HR adviser'.",
    )
    is_chair = models.BooleanField("chair of governors", default=False)
    is_wellbeing_lead_governor = models.BooleanField("wellbeing lead governor", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("user__full_name", "role")
        constraints: ClassVar = [
            models.CheckConstraint(
                name="people_membership_school_role_has_school",
                condition=(
                    Q(
                        role__in=sorted(SCHOOL_ROLES),
                        school__isnull=False,
                        organisation__isnull=True,
                    )
                    | Q(
                        role__in=sorted(ORGANISATION_ROLES),
                        school__isnull=True,
                        organisation__isnull=False,
                    )
                ),
                violation_error_message="School roles are held at a school; organisation "
                "roles at an organisation.",
            ),
            models.CheckConstraint(
                name="people_membership_governor_flags",
                condition=Q(role=Role.GOVERNOR)
                | Q(is_chair=False, is_wellbeing_lead_governor=False),
                violation_error_message="Only a governor can be chair or wellbeing lead governor.",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "school"],
                condition=Q(school__isnull=False),
                name="people_membership_unique_school_role",
                violation_error_message="This person already holds that role at that school.",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=Q(organisation__isnull=False),
                name="people_membership_unique_org_role",
                violation_error_message="This person already holds that role in that organisation.",
            ),
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(is_chair=True),
                name="people_membership_one_chair_per_school",
                violation_error_message="This school already has a chair of governors.",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["user", "role"]),
            models.Index(fields=["organisation", "role"]),
            models.Index(fields=["school", "role"]),
        ]

    def __str__(self) -> str:
        return f"{self.user.full_name}: {self.role_label} at {self.place}"

    @property
    def place(self) -> School | Organisation | None:
        return self.school or self.organisation

    @property
    def role_label(self) -> str:
        if self.role == Role.LINK_OFFICER and self.organisation_id:
            return self.title or self.organisation.link_officer_title  # type: ignore[union-attr]
        if self.role == Role.GOVERNOR and self.is_chair:
            return "Chair of governors"
        return self.title or self.get_role_display()


class OfficerAssignment(models.Model):
    """A link officer assigned to a school of their organisation."""

    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="assignments",
        limit_choices_to={"role": Role.LINK_OFFICER},
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="officer_assignments")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["membership", "school"], name="people_assignment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.user.full_name} → {self.school.name}"
