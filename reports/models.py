"""A governor accountability report, built as a PDF by a Celery task."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wellbeing_portal.people.models import Organisation, School


class Report(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be built"
        BUILDING = "building", "Being built"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reports")
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        help_text="Empty for a report on the whole organisation.",
    )
    scope_key = models.CharField(max_length=40, help_text='"school:<id>" or "organisation:<id>".')
    period_key = models.CharField(max_length=20)
    period_label = models.CharField(max_length=60)
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    failure_reason = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for a scheduled report, which goes to the school's governors.",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(
        default=timezone.now, help_text="When it was last handed to a worker."
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        help_text="Others who asked for the same report while it was being built.",
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="reports/%Y/", blank=True)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ("-requested_at",)
        constraints: ClassVar = [
            # Identical requests while one is being built share it.
            models.UniqueConstraint(
                fields=["scope_key", "period_key"],
                condition=Q(status__in=["queued", "building"]),
                name="reports_one_build_at_a_time",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="reports_period_order"
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.subject}, {self.period_label}"

    @property
    def subject(self) -> str:
        return self.school.name if self.school_id and self.school else self.organisation.name

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.BUILDING)


class ReportSchedule(models.Model):
    """The wellbeing lead's standing request: after each term, a report for every school,
    sent to its governors."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="report_schedule"
    )
    active = models.BooleanField(default=True)
    last_period_key = models.CharField(max_length=20, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Termly reports for {self.organisation}"
