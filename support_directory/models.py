"""The support directory: services that staff, heads and governors can turn to.

Buddies, Ofsted-experienced contacts and shared resources join this app with their issue.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q

from wellbeing_portal.core.validators import uk_phone_validator
from wellbeing_portal.people.models import Organisation, School

DOMAINS = ("health", "security", "environment", "relationships", "purpose")


class Service(models.Model):
    class Kind(models.TextChoices):
        HELPLINE = "helpline", "Helpline"
        EMPLOYEE_ASSISTANCE = "employee_assistance", "Employee assistance programme"
        COUNSELLING = "counselling", "Counselling"
        COACHING = "coaching", "Coaching"
        SUPERVISION = "supervision", "Professional supervision"
        PEER_NETWORK = "peer_network", "Peer network"
        TRAINING = "training", "Training"
        RESOURCE = "resource", "Resource"

    class Audience(models.TextChoices):
        ALL_STAFF = "all_staff", "All staff"
        HEADS = "heads", "Headteachers and school leaders"
        GOVERNORS = "governors", "Governors"

    class Scope(models.TextChoices):
        NATIONAL = "national", "National"
        ORGANISATION = "organisation", "Our organisation"
        SCHOOL = "school", "One school"

    name = models.CharField(max_length=200)
    provider = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=24, choices=Kind.choices)
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.ALL_STAFF)
    description = models.TextField()
    tags = models.CharField(
        max_length=300, blank=True, help_text="Words people might search for, separated by commas."
    )
    # The wellbeing domains it serves, stored as ",health,purpose," so that a filter is
    # one LIKE on either database.
    domains = models.CharField(max_length=80, blank=True)
    phone = models.CharField(max_length=20, blank=True, validators=[uk_phone_validator])
    text_number = models.CharField(
        "text message", max_length=60, blank=True, help_text="For example: Text SHOUT to 85258."
    )
    email = models.EmailField(blank=True)
    url = models.URLField("website", max_length=300, blank=True)
    hours = models.CharField(
        max_length=200, blank=True, help_text="For example: 24 hours, every day."
    )
    cost = models.CharField(max_length=200, blank=True, help_text="Leave empty if it is free.")
    commissioned = models.BooleanField(
        "commissioned by the organisation",
        default=False,
        help_text="Paid for by the organisation: free to staff.",
    )
    is_crisis = models.BooleanField(
        "crisis service", default=False, help_text="Shown at the top of every directory page."
    )
    scope = models.CharField(max_length=12, choices=Scope.choices, default=Scope.NATIONAL)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="services"
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="services"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name",)
        constraints: ClassVar = [
            models.CheckConstraint(
                name="directory_service_scope_matches",
                condition=Q(scope="national", organisation__isnull=True, school__isnull=True)
                | Q(scope="organisation", organisation__isnull=False, school__isnull=True)
                | Q(scope="school", organisation__isnull=False, school__isnull=False),
                violation_error_message="A national service belongs to no organisation; an "
                "organisation's to one organisation; a school's to one school of it.",
            ),
            models.CheckConstraint(
                name="directory_service_has_a_contact",
                condition=~Q(phone="", text_number="", email="", url=""),
                violation_error_message="Give at least one way to reach the service.",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["scope", "organisation"])]

    def __str__(self) -> str:
        return self.name

    @property
    def domain_list(self) -> list[str]:
        return [d for d in self.domains.split(",") if d]

    @property
    def phone_href(self) -> str:
        return "tel:" + self.phone.replace(" ", "")


class BuddyProfile(models.Model):
    """A head (or school leader) who offers to buddy another head."""

    user = models.OneToOneField(
        "people.User", on_delete=models.CASCADE, related_name="buddy_profile"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="buddy_profiles")
    ofsted_experience = models.BooleanField(
        "has led a school through an Ofsted inspection", default=False
    )
    experience_note = models.CharField(
        max_length=300, blank=True, help_text="For example: two inspections as head, one as deputy."
    )
    capacity = models.PositiveSmallIntegerField(
        default=1, help_text="How many heads you can buddy at once (1 to 5)."
    )
    available = models.BooleanField("available for new pairings", default=True)
    availability = models.CharField(
        max_length=200,
        blank=True,
        help_text="When you can usually talk, e.g. 'after 4pm on weekdays'.",
    )
    profile = models.TextField(
        blank=True, help_text="A few lines about you that would help a head choose to talk to you."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                name="directory_buddy_capacity_range",
                condition=Q(capacity__gte=1, capacity__lte=5),
                violation_error_message="Capacity must be between 1 and 5.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.school})"


class BuddyPairing(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    buddy = models.ForeignKey(BuddyProfile, on_delete=models.CASCADE, related_name="pairings")
    head = models.ForeignKey("people.User", on_delete=models.CASCADE, related_name="buddy_pairings")
    head_school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="buddy_pairings")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "people.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reasons = models.CharField(
        max_length=300, blank=True, help_text="Why this buddy was suggested."
    )

    class Meta:
        ordering = ("-started_on", "-pk")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["head"],
                condition=Q(status="active"),
                name="directory_one_active_buddy_per_head",
                violation_error_message="This head already has a buddy.",
            ),
            models.CheckConstraint(
                name="directory_pairing_end_matches_status",
                condition=Q(status="active", ended_on__isnull=True)
                | Q(status="ended", ended_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.buddy.user} buddies {self.head}"


class OfstedContact(models.Model):
    """Someone with Ofsted experience whom a head can call while inspectors are on site."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="ofsted_contacts"
    )
    name = models.CharField(max_length=200)
    experience = models.CharField(
        max_length=300,
        help_text="For example: serving Ofsted Inspector; head of two schools rated good.",
    )
    phone = models.CharField(max_length=20, validators=[uk_phone_validator])
    email = models.EmailField(blank=True)
    when_available = models.CharField(
        max_length=200, help_text="For example: weekdays 7am to 7pm during term."
    )

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    @property
    def phone_href(self) -> str:
        return "tel:" + self.phone.replace(" ", "")


def resource_upload_to(instance: SharedResource, filename: str) -> str:
    return f"directory/resources/{instance.organisation_id}/{filename}"


class SharedResource(models.Model):
    """A resource or provider a head shares; visible organisation-wide once moderated."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the wellbeing lead"
        APPROVED = "approved", "Shared with the organisation"
        REJECTED = "rejected", "Not shared"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="shared_resources"
    )
    author = models.ForeignKey(
        "people.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    description = models.TextField()
    tags = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=300, blank=True)
    file = models.FileField(upload_to=resource_upload_to, blank=True, max_length=300)
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    moderated_by = models.ForeignKey(
        "people.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        constraints: ClassVar = [
            models.CheckConstraint(
                name="directory_resource_link_or_file",
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")),
                violation_error_message="Give a link or a file: one of them.",
            )
        ]

    def __str__(self) -> str:
        return self.title


class HelpedMark(models.Model):
    """'This helped me': one per person per resource; shown only as a count."""

    resource = models.ForeignKey(SharedResource, on_delete=models.CASCADE, related_name="helped")
    user = models.ForeignKey("people.User", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["resource", "user"], name="directory_helped_once")
        ]

    def __str__(self) -> str:
        return f"Helped: {self.resource}"
