"""The record itself: the inspection as logged from Ofsted's call, with its dates and
phase, and the organisation's words shown to a head after logging it."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from wellbeing_portal.core.validators import uk_phone_validator
from wellbeing_portal.people.models import Organisation, School


class Inspection(models.Model):
    class Type(models.TextChoices):
        FULL = "full", "Full inspection"
        MONITORING = "monitoring", "Monitoring inspection"
        FOCUSED = "focused_monitoring", "Focused monitoring inspection"
        OTHER = "other", "Something else"

    class Phase(models.TextChoices):
        NOTIFIED = "notified", "Notified"
        BEFORE = "before", "Before the inspection"
        DURING = "during", "During the inspection"
        AFTER = "after", "After the inspection"
        CLOSED = "closed", "Closed"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="inspections")
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="inspections_led",
        help_text="The head whose inspection this is.",
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    call_received_at = models.DateTimeField("when Ofsted called")
    inspection_type = models.CharField(max_length=20, choices=Type.choices, default=Type.FULL)
    expected_start = models.DateField("first day of the inspection")
    expected_days = models.PositiveSmallIntegerField("number of days", default=2)
    lead_inspector = models.CharField("lead inspector's name", max_length=200, blank=True)
    senior_inspector_number = models.CharField(
        "the senior inspector's number Ofsted gave you",
        max_length=20,
        blank=True,
        validators=[uk_phone_validator],
    )
    worries = models.TextField("anything worrying you", blank=True)
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.NOTIFIED)
    closed_from_phase = models.CharField(
        "phase it was closed from",
        max_length=10,
        choices=Phase.choices,
        blank=True,
        help_text="Where a senior officer's reopening takes the record back to; "
        "empty while it is open.",
    )
    protocol_version = models.ForeignKey(
        "ProtocolVersion",
        on_delete=models.PROTECT,
        related_name="inspections",
        null=True,
        help_text="The protocol in force when the call was logged; later edits do not change it.",
    )
    final_feedback_at = models.DateTimeField("final feedback", null=True, blank=True)
    draft_report_received_on = models.DateField("draft report received", null=True, blank=True)
    report_published_on = models.DateField("report published", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-call_received_at",)
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["school"],
                condition=~Q(phase="closed"),
                name="inspections_one_open_per_school",
                violation_error_message="This school already has an inspection logged.",
            ),
            models.CheckConstraint(
                condition=Q(expected_days__gte=1, expected_days__lte=5),
                name="inspections_days_range",
                violation_error_message="An inspection lasts between 1 and 5 days.",
            ),
            models.CheckConstraint(
                condition=Q(report_published_on__isnull=True)
                | Q(report_published_on__gte=F("expected_start")),
                name="inspections_published_after_start",
                violation_error_message="The report cannot be published before the inspection.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.get_inspection_type_display()} from {self.expected_start}"


class InspectionGuidance(models.Model):
    """What a head is told after logging a call. Ofsted's rules change: the organisation
    keeps these words up to date in the portal, not in code."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="inspection_guidance"
    )
    raising_concerns = models.TextField("if you have concerns during the inspection")
    pausing = models.TextField("asking for a pause")
    sharing_outcome = models.TextField("sharing the provisional outcome")
    our_support = models.TextField("what we will do for you")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Inspection guidance for {self.organisation}"
