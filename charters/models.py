"""Charters: an organisation's wellbeing charter, its versions, and each school's progress.

A charter keeps every version it has had. Its commitments are copied into each version,
so a later rewording never rewrites history. A school's progress, actions and evidence
belong to a commitment's *key*, which a commitment keeps from version to version: a new
version leaves the progress on unchanged (or merely reworded) commitments in place.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from wellbeing_portal.people.models import Organisation, School


class Charter(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="charters"
    )
    title = models.CharField(max_length=200)
    template_key = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("title",)
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "template_key"],
                name="charters_one_charter_per_template",
                violation_error_message="This organisation has already adopted that charter.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.organisation})"


class CharterVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ADOPTED = "adopted", "Adopted"
        SUPERSEDED = "superseded", "Superseded"

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    adopted_on = models.DateField(null=True, blank=True)
    review_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True, help_text="What changed in this version.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("charter", "-number")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["charter", "number"], name="charters_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["charter"],
                condition=Q(status="adopted"),
                name="charters_one_adopted_version",
            ),
            models.UniqueConstraint(
                fields=["charter"],
                condition=Q(status="draft"),
                name="charters_one_draft_version",
            ),
            models.CheckConstraint(
                condition=Q(review_on__isnull=True)
                | Q(adopted_on__isnull=True)
                | Q(review_on__gt=F("adopted_on")),
                name="charters_review_after_adoption",
                violation_error_message="The review date must be after the adoption date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.charter.title}, version {self.number}"


class Commitment(models.Model):
    """One commitment as worded in one version of a charter."""

    class Kind(models.TextChoices):
        COMMITMENT = "commitment", "Commitment"
        PLEDGE = "pledge", "Practitioner pledge"
        CHECKLIST = "checklist", "Leadership checklist"
        ACTIVITY = "activity", "Suggested activity"

    version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="commitments"
    )
    key = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.COMMITMENT)
    section = models.CharField(max_length=120, blank=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    responsible = models.JSONField(default=list)
    domains = models.JSONField(default=list)
    areas = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ("version", "position")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["version", "key"], name="charters_commitment_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    EMBEDDED = "embedded", "Embedded"


class Progress(models.Model):
    """Where one school stands on one commitment (by key, so it outlives a version)."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="progress")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="charter_progress")
    commitment_key = models.SlugField(max_length=60)
    status = models.CharField(
        max_length=12, choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_reviewed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["charter", "school", "commitment_key"], name="charters_progress_unique"
            )
        ]
        indexes: ClassVar = [models.Index(fields=["charter", "school"])]

    def __str__(self) -> str:
        return f"{self.school}: {self.commitment_key} ({self.get_status_display()})"


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="actions")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="charter_actions")
    commitment_key = models.SlugField(max_length=60)
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_on = models.DateField(default=timezone.localdate)
    due_on = models.DateField()
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    # "You said, we did": shown on the school's staff page when published.
    for_staff = models.BooleanField("show to staff", default=False)
    staff_summary = models.CharField(
        max_length=300,
        blank=True,
        help_text="What staff told you and what you did, in a sentence staff will read.",
    )

    class Meta:
        ordering = ("due_on", "pk")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("created_on")),
                name="charters_action_due_after_creation",
                violation_error_message="The due date cannot be before the day the action was created.",
            ),
            models.CheckConstraint(
                condition=Q(status="open", completed_on__isnull=True)
                | Q(status="done", completed_on__isnull=False),
                name="charters_action_done_has_date",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["charter", "school", "commitment_key"]),
            models.Index(fields=["status", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.title


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    return f"charters/evidence/{instance.school_id}/{timezone.now():%Y/%m}/{filename}"


class Evidence(models.Model):
    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        LINK = "link", "Link"
        FILE = "file", "File"

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="evidence")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="charter_evidence")
    commitment_key = models.SlugField(max_length=60)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    note = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    file = models.FileField(upload_to=evidence_upload_to, blank=True, max_length=300)
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-added_at",)
        verbose_name_plural = "evidence"
        constraints: ClassVar = [
            models.CheckConstraint(
                name="charters_evidence_matches_kind",
                condition=Q(kind="note", url="", file="") & ~Q(note="")
                | Q(kind="link", file="") & ~Q(url="")
                | Q(kind="file", url="") & ~Q(file=""),
            )
        ]
        indexes: ClassVar = [models.Index(fields=["charter", "school", "commitment_key"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.commitment_key}"


class Signatory(models.Model):
    """Someone who signed a version of the charter, for an organisation."""

    version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="signatories"
    )
    organisation_name = models.CharField(max_length=200)
    signer_name = models.CharField(max_length=200)
    signer_role = models.CharField(max_length=200)
    signed_on = models.DateField()

    class Meta:
        ordering = ("signed_on", "organisation_name")
        verbose_name_plural = "signatories"

    def __str__(self) -> str:
        return f"{self.signer_name}, {self.signer_role}, {self.organisation_name}"


class Pledge(models.Model):
    """A practitioner pledge signed by one person. Others only ever see counts."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="pledges")
    commitment_key = models.SlugField(max_length=60)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["charter", "commitment_key", "user"], name="charters_pledge_once"
            )
        ]

    def __str__(self) -> str:
        return f"A pledge to {self.commitment_key}"


class ActionGroupMember(models.Model):
    """A member of a school's wellbeing action group (staff, pupils, parents, governors)."""

    class Role(models.TextChoices):
        STAFF = "staff", "Staff"
        PUPIL = "pupil", "Pupil"
        PARENT = "parent", "Parent or carer"
        GOVERNOR = "governor", "Governor"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="action_group")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=10, choices=Role.choices)
    joined_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ("role", "name")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


def on_current_commitment() -> Exists:
    """Actions (or other rows with charter and commitment_key) whose commitment is in the
    charter's adopted version: a removed commitment's actions are no longer chased."""
    return Exists(
        Commitment.objects.filter(
            version__charter=OuterRef("charter"),
            version__status=CharterVersion.Status.ADOPTED,
            key=OuterRef("commitment_key"),
        )
    )
