"""The organisation's protocol of expected contacts (versioned), each inspection's
timeline made from it, the contacts logged, deferral and pause requests, and the private
calendar feed of what is due."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from wellbeing_portal.people.models import Organisation

from .record import Inspection


class Step(models.TextChoices):
    BEFORE = "before", "Before"
    DURING = "during", "During"
    AFTER = "after", "After"


class ProtocolVersion(models.Model):
    """One version of an organisation's protocol. Versions are never edited: saving the
    protocol writes a new version, and inspections keep the one they started with."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="protocol_versions"
    )
    number = models.PositiveIntegerField()
    escalation_grace_hours = models.PositiveSmallIntegerField(
        "hours before an overdue contact goes to the senior officer",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
        help_text="Working hours after the reminder.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("organisation", "-number")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="inspections_protocol_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(escalation_grace_hours__gte=1, escalation_grace_hours__lte=72),
                name="inspections_grace_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} protocol, version {self.number}"


class ProtocolStep(models.Model):
    class Responsible(models.TextChoices):
        LINK_OFFICER = "link_officer", "Link officer"
        SENIOR_OFFICER = "senior_officer", "Senior officer"
        BUDDY = "buddy", "Buddy"
        HR = "hr", "HR / personnel (senior officers are reminded)"
        CHAIR = "chair", "Chair of governors"

    class Anchor(models.TextChoices):
        NOTIFICATION = "notification", "the call from Ofsted"
        FIRST_DAY = "first_day", "the start of the first inspection day"
        EACH_DAY = "each_day", "the start of each inspection day"
        FINAL_FEEDBACK = "final_feedback", "final feedback"
        REPORT_PUBLISHED = "report_published", "the day the report is published"

    class Unit(models.TextChoices):
        HOURS = "hours", "working hours"
        DAYS = "days", "working days"

    class Condition(models.TextChoices):
        ALWAYS = "always", "Always"
        DEFERRAL = "deferral", "Only when a deferral or pause is requested"
        CONCERN = "concern", "Only when a concern is raised"
        SUPPORT_PLAN = "support_plan", "Only when a support plan is opened"

    version = models.ForeignKey(ProtocolVersion, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    phase = models.CharField(max_length=10, choices=Step.choices)
    responsible = models.CharField(max_length=20, choices=Responsible.choices)
    description = models.CharField(max_length=300)
    anchor = models.CharField(max_length=20, choices=Anchor.choices)
    offset = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(60)], help_text="0 to 60."
    )
    unit = models.CharField(max_length=5, choices=Unit.choices, default=Unit.HOURS)
    condition = models.CharField(max_length=20, choices=Condition.choices, default="always")

    class Meta:
        ordering = ("version", "order")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["version", "order"], name="inspections_step_order"),
            models.CheckConstraint(condition=Q(offset__lte=60), name="inspections_offset_range"),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def when(self) -> str:
        anchor = self.get_anchor_display()
        if self.offset == 0:
            return f"by the end of {anchor}" if self.unit == self.Unit.DAYS else f"at {anchor}"
        unit = self.get_unit_display()
        return f"{self.offset} {unit if self.offset > 1 else unit[:-1]} after {anchor}"


class ExpectedContact(models.Model):
    """One item on an inspection's timeline, made from a protocol step (one per
    inspection day for steps anchored to each day)."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="expected_contacts"
    )
    step = models.ForeignKey(ProtocolStep, on_delete=models.PROTECT, related_name="+")
    day = models.PositiveSmallIntegerField(default=0, help_text="Inspection day, from 0.")
    due_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty until its anchor is known."
    )
    done_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("inspection", F("due_at").asc(nulls_last=True), "step__order", "day")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["inspection", "step", "day"], name="inspections_expected_once"
            )
        ]
        indexes: ClassVar = [
            models.Index(
                fields=["due_at"],
                condition=Q(done_at__isnull=True),
                name="inspections_expected_open",
            )
        ]

    def __str__(self) -> str:
        return self.step.description

    def status(self, now: dt.datetime) -> str:
        if self.done_at:
            return "done"
        if self.due_at is None:
            return "not yet due"
        return "overdue" if self.due_at < now else "due"


class Contact(models.Model):
    class Channel(models.TextChoices):
        PHONE = "phone", "Phone call"
        VIDEO = "video", "Video call"
        VISIT = "visit", "Visit in person"
        MESSAGE = "message", "Email or message"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="contacts")
    answers = models.ForeignKey(
        ExpectedContact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name="which expected contact this was",
    )
    happened_at = models.DateTimeField("when")
    with_whom = models.CharField("who with", max_length=200)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    phase = models.CharField(max_length=10, choices=Step.choices)
    notes = models.TextField(blank=True)
    wellbeing_flag = models.BooleanField(
        "I am worried about the head's or a colleague's wellbeing", default=False
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-happened_at",)

    def __str__(self) -> str:
        return f"{self.get_channel_display()} with {self.with_whom}"


class InspectionRequest(models.Model):
    """A request to defer the inspection or to pause it, and what Ofsted decided."""

    class Kind(models.TextChoices):
        DEFERRAL = "deferral", "Deferral (before the inspection starts)"
        PAUSE = "pause", "Pause (once the inspection has started)"

    class By(models.TextChoices):
        HEAD = "head", "The head"
        RESPONSIBLE_BODY = "responsible_body", "The responsible body"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Waiting for Ofsted"
        GRANTED = "granted", "Granted"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    requested_by = models.CharField(max_length=20, choices=By.choices)
    requested_at = models.DateTimeField()
    reason = models.TextField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("requested_at",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_outcome_display()}"


class CalendarFeed(models.Model):
    """A private address for a person's due contacts in their own calendar. Only the
    token's hash is stored; resetting it stops the old address working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
