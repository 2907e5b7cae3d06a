"""What follows the inspection, or a worry during it: concerns and their actions, the
support plan, the feedback form and the learning review."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from .record import Inspection


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
