"""Inspections: a head logs Ofsted's call; the right people are told at once; the
organisation's protocol of expected contacts is followed before, during and after.

Ofsted's framework (evaluation areas and grade scales) and each organisation's protocol
are data, so that a new framework or a changed protocol needs no code.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from support_directory.models import uk_phone_validator
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


# Ofsted's framework, as data ------------------------------------------------------------


class Framework(models.Model):
    """An inspection framework: its evaluation areas and grade scales. The one in force
    is the latest that has started."""

    name = models.CharField(max_length=200)
    starts_on = models.DateField(unique=True)

    class Meta:
        ordering = ("-starts_on",)

    def __str__(self) -> str:
        return self.name


class GradeScale(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="scales")
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class Grade(models.Model):
    scale = models.ForeignKey(GradeScale, on_delete=models.CASCADE, related_name="grades")
    label = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField()
    is_negative = models.BooleanField(
        default=False, help_text="A grade that opens a support plan for the head by default."
    )

    class Meta:
        ordering = ("scale", "order")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["scale", "label"], name="inspections_grade_unique")
        ]

    def __str__(self) -> str:
        return self.label


class EvaluationArea(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField()
    scale = models.ForeignKey(GradeScale, on_delete=models.PROTECT, related_name="areas")
    only_where = models.CharField(
        max_length=200, blank=True, help_text="When the area applies, if not always."
    )

    class Meta:
        ordering = ("framework", "order")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["framework", "name"], name="inspections_area_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ProvisionalGrade(models.Model):
    """Confidential until the report is published."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="provisional_grades"
    )
    area = models.ForeignKey(EvaluationArea, on_delete=models.PROTECT, related_name="+")
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ("area__order",)
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["inspection", "area"], name="inspections_one_grade_per_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.grade}"


# The protocol ---------------------------------------------------------------------------


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


class Concern(models.Model):
    class Category(models.TextChoices):
        CONDUCT = "conduct", "Inspector conduct"
        WELLBEING = "wellbeing", "The head's or a colleague's wellbeing"
        PROCESS = "process", "The inspection process"
        OUTCOME = "outcome", "The outcome"

    class Severity(models.TextChoices):
        LOW = "low", "Low: note it and keep an eye on it"
        MEDIUM = "medium", "Medium: needs action today"
        HIGH = "high", "High: needs action now"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="concerns")
    category = models.CharField(max_length=10, choices=Category.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    description = models.TextField("what happened")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    act_by = models.DateTimeField(help_text="A course of action agreed within the working hour.")
    resolution = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("-raised_at",)
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | ~Q(resolution=""),
                name="inspections_concern_resolution_said",
                violation_error_message="Say how the concern was resolved.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.severity})"


class ConcernAction(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at",)

    def __str__(self) -> str:
        return self.description


class SupportPlan(models.Model):
    """For the head and leadership team, agreed with governors, with check-ins that come
    from the protocol's support-plan steps."""

    inspection = models.OneToOneField(
        Inspection, on_delete=models.CASCADE, related_name="support_plan"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=300)
    plan = models.TextField("what we will do", blank=True)
    agreed_with_governors_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Support plan: {self.inspection}"


class FeedbackQuestion(models.Model):
    """The organisation's feedback form after an inspection, one set per inspection type."""

    inspection_type = models.CharField(max_length=20, choices=Inspection.Type.choices)
    order = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ("inspection_type", "order")

    def __str__(self) -> str:
        return self.text


class FeedbackForm(models.Model):
    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="feedback")
    answers = models.JSONField(default=dict, help_text="Question text to answer.")
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Feedback form: {self.inspection}"


class LearningReview(models.Model):
    inspection = models.OneToOneField(
        Inspection, on_delete=models.CASCADE, related_name="learning_review"
    )
    held_on = models.DateField()
    attendees = models.TextField("who took part")
    what_happened = models.TextField()
    what_helped = models.TextField(blank=True)
    what_we_will_change = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Learning review: {self.inspection}"


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
