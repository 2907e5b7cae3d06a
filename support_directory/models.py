"""The support directory: services that staff, heads and governors can turn to.

Buddies, Ofsted-experienced contacts and shared resources join this app with their issue.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from wellbeing_portal.people.models import Organisation, School

# A UK phone number as people write it: digits and spaces, optionally starting with +44,
# or a short code such as 111, 999 or 85258.
uk_phone_validator = RegexValidator(
    r"^(\+44 ?|0)\d[\d ]{7,12}\d$|^\d{3,6}$",
    "Enter a UK phone number, like 0800 123 4567, or a short number like 111.",
)

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
