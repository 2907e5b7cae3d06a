"""Surveys: instruments and their items, waves sent to schools, and anonymous responses.

Anonymity is a property of the tables, not a promise: Response, Answer, Comment and
Reply hold no user, no invitation, no IP address and no time finer than a date, and
their ids are random. A submitted response first waits, sealed, in PendingResponse (in a
transaction of its own, apart from the one that marks its invitation answered); it
reaches the results tables in a shuffled batch, and the whole wave is written once more
in one shuffled batch when it closes (services/storage.py). What pages show of a closed
wave is its frozen ResultSet. tests/surveys/test_anonymity.py fails if a field adds a
path from a response to a person. None of these models is registered with
django-auditlog, which records actor and IP.
"""

from __future__ import annotations

import secrets
import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from wellbeing_portal.people.models import Organisation, School


def random_id() -> int:
    """A random positive 63-bit primary key: unlike a sequence, it says nothing about the
    order in which rows were written."""
    return secrets.randbits(62) + 1


# The lowest group sizes anyone may choose (SPEC §3): never below 3 for scores.
MIN_SCORE_THRESHOLD = 3
DEFAULT_THRESHOLD = 5


class Instrument(models.Model):
    """A set of items in domains with one response scale: the portal's bank or an import."""

    class Source(models.TextChoices):
        BANK = "bank", "The portal's own question bank"
        IMPORTED = "imported", "Imported instrument"

    # None for the portal's own bank, which every organisation may use.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="instruments"
    )
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=10, choices=Source.choices)
    description = models.TextField(blank=True)
    scale_min = models.PositiveSmallIntegerField(default=1)
    scale_max = models.PositiveSmallIntegerField(default=5)
    # One label per point of the scale, lowest first.
    scale_labels = models.JSONField(default=list)
    # A scored answer at or above this counts as favourable.
    favourable_from = models.PositiveSmallIntegerField(default=4)
    # Optional: the sum of a respondent's scored answers → the instrument's metric score.
    conversion = models.JSONField(default=dict, blank=True)
    # Optional published norms: {"domains": {key: mean}, "metric": mean}.
    norms = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name",)
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "key"], name="surveys_instrument_key_unique"
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(organisation__isnull=True),
                name="surveys_bank_instrument_key_unique",
            ),
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min")), name="surveys_instrument_scale_order"
            ),
            models.CheckConstraint(
                condition=Q(favourable_from__gte=F("scale_min"))
                & Q(favourable_from__lte=F("scale_max")),
                name="surveys_instrument_favourable_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def scored(self, value: int, *, reverse: bool) -> int:
        """The scored value of an answer: reversed items count from the other end."""
        return self.scale_min + self.scale_max - value if reverse else value


class Domain(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="domains")
    key = models.SlugField(max_length=60)
    label = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("instrument", "position", "pk")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["instrument", "key"], name="surveys_domain_key_unique")
        ]

    def __str__(self) -> str:
        return self.label


class Item(models.Model):
    """One statement to rate on the instrument's scale."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(max_length=60)
    text = models.CharField(max_length=300)
    reverse_scored = models.BooleanField(default=False)
    # The charter area the item speaks to (workload, voice…), if any.
    area = models.SlugField(max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("instrument", "position", "pk")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["instrument", "key"], name="surveys_item_key_unique")
        ]

    def __str__(self) -> str:
        return self.text


class Survey(models.Model):
    """Items chosen from one instrument, for one kind of respondent."""

    class Kind(models.TextChoices):
        STAFF = "staff", "Staff wellbeing survey"
        HEADTEACHER = "headteacher", "Headteacher survey"
        CHECK_IN = "check_in", "Post-incident check-in"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="surveys"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="surveys")
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.STAFF)
    items = models.ManyToManyField(Item, related_name="surveys")
    asks_comment = models.BooleanField(default=True)

    class Meta:
        ordering = ("name",)
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "key"], name="surveys_survey_key_unique"
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(organisation__isnull=True),
                name="surveys_bank_survey_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RoleGroup(models.TextChoices):
    """How a respondent describes their job. Heads answer the headteacher survey instead."""

    TEACHING = "teaching", "Teaching staff"
    SUPPORT = "support", "Support staff"
    LEADERSHIP = "leadership", "Leadership team"
    HEADTEACHER = "headteacher", "Headteacher"


STAFF_ROLE_GROUPS = (RoleGroup.TEACHING, RoleGroup.SUPPORT, RoleGroup.LEADERSHIP)


class Wave(models.Model):
    """One survey sent to chosen schools and roles, open between two dates."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Not yet open"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="waves")
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="waves")
    title = models.CharField(max_length=200)
    schools = models.ManyToManyField(School, related_name="survey_waves")
    # Membership roles invited (people.models.Role values).
    roles = models.JSONField(default=list)
    opens_on = models.DateField()
    closes_on = models.DateField()
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.DRAFT)
    score_threshold = models.PositiveSmallIntegerField(default=DEFAULT_THRESHOLD)
    comment_threshold = models.PositiveSmallIntegerField(default=DEFAULT_THRESHOLD)
    # ISO dates on which invitees who have not answered are reminded.
    reminder_dates = models.JSONField(default=list, blank=True)
    # The reminder dates whose reminders have been queued: each date's once. (Who was
    # reminded is not kept: that would be a list of who had not answered.)
    reminders_queued = models.JSONField(default=list, blank=True)
    results_published = models.BooleanField(
        default=False, help_text="Staff and governors see their school's results once published."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-opens_on", "-pk")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(closes_on__gt=F("opens_on")),
                name="surveys_wave_closes_after_opening",
                violation_error_message="The closing date must be after the opening date.",
            ),
            models.CheckConstraint(
                condition=Q(score_threshold__gte=MIN_SCORE_THRESHOLD),
                name="surveys_wave_score_threshold_min",
                violation_error_message="The minimum group size for scores is at least 3.",
            ),
            models.CheckConstraint(
                condition=Q(comment_threshold__gte=F("score_threshold")),
                name="surveys_wave_comment_threshold_min",
                violation_error_message="The minimum group size for comments cannot be "
                "below the one for scores.",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """One invited person. Holds who was invited and whether they answered: never what."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    completed = models.BooleanField(default=False)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["wave", "user"], name="surveys_invitation_once")
        ]
        indexes: ClassVar = [models.Index(fields=["wave", "school", "completed"])]

    def __str__(self) -> str:
        return f"Invitation to {self.wave}"


class OpenLink(models.Model):
    """A link (and QR code) per school for staff without accounts."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="open_links")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["wave", "school"], name="surveys_open_link_once")
        ]

    def __str__(self) -> str:
        return f"Open link for {self.school} in {self.wave}"


class Response(models.Model):
    """One anonymous response. No user, no invitation, no IP, no time of day."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Indexed by the (wave, school, role group) index below, which results group by.
    wave = models.ForeignKey(
        Wave, on_delete=models.CASCADE, related_name="responses", db_index=False
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    role_group = models.CharField(max_length=12, choices=RoleGroup.choices)
    submitted_on = models.DateField()
    # HMAC of the receipt code shown once to the respondent; blank if none was issued.
    receipt_hash = models.CharField(max_length=64, blank=True)
    # The instrument's metric (conversion table applied to the scored sum), if it has one.
    metric_score = models.FloatField(null=True, blank=True)
    # Came through a personal invitation (True) or a school's open link (False): only
    # answers from distinct invited people can make a group big enough to show.
    invited = models.BooleanField(default=False)

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["wave", "school", "role_group"]),
            # Looked up by equality only (a receipt code's holder), so no pattern index.
            models.Index(fields=["receipt_hash"], name="surveys_response_receipt_idx"),
        ]

    def __str__(self) -> str:
        return "A response"


class Answer(models.Model):
    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    # Indexed by the unique (response, item) constraint below: every answer written is
    # one index entry fewer to keep (a wave writes tens of thousands).
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField()
    # The value after reverse scoring: higher is always better.
    scored = models.PositiveSmallIntegerField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["response", "item"], name="surveys_answer_once")
        ]

    def __str__(self) -> str:
        return "An answer"


class Comment(models.Model):
    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="comment")
    text = models.TextField(max_length=2000)
    redacted = models.BooleanField(default=False)
    # What is shown instead when the wellbeing lead redacts part of the comment.
    redacted_text = models.TextField(blank=True)

    def __str__(self) -> str:
        return "A comment"

    @property
    def shown_text(self) -> str:
        return self.redacted_text if self.redacted else self.text


class Reply(models.Model):
    """A message in the thread on a comment: from the school, or from the code holder."""

    class From(models.TextChoices):
        SCHOOL = "school", "The school"
        RESPONDENT = "respondent", "The person who wrote the comment"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="replies")
    sender = models.CharField(max_length=10, choices=From.choices)
    text = models.TextField(max_length=2000)
    sent_on = models.DateField()
    # A code holder's reply waits for the wellbeing lead, who may redact it, as comments
    # do, before the school reads it. The school's own replies are released at once.
    released = models.BooleanField(default=False)
    redacted = models.BooleanField(default=False)
    redacted_text = models.TextField(blank=True)

    class Meta:
        ordering = ("pk",)
        verbose_name_plural = "replies"

    def __str__(self) -> str:
        return f"A reply from {self.get_sender_display()}"

    @property
    def shown_text(self) -> str:
        return self.redacted_text if self.redacted else self.text


class PendingResponse(models.Model):
    """A submitted response waiting for its batch: everything it says is sealed (AES-GCM,
    padded to one size) with a key from the environment, so a backup or a look at the
    database shows only that someone at the school answered. Deleted when written."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    # Counted by the batch rule (enough invited answers at the school), never shown.
    invited = models.BooleanField()
    sealed = models.BinaryField()

    class Meta:
        indexes: ClassVar = [models.Index(fields=["wave", "school", "invited"])]

    def __str__(self) -> str:
        return "A response waiting for its batch"


class ResultSet(models.Model):
    """A closed wave's results, worked out once when it closes: what every page, export,
    report and cache shows of it. It holds the figures of shown groups only. Raising a
    threshold works it out again, and may only hide more (services/storage.py)."""

    wave = models.OneToOneField(Wave, on_delete=models.CASCADE, related_name="result_set")
    # Every group key ever hidden: a group hidden once stays hidden.
    hidden = models.JSONField(default=list)
    # Schools whose comments may be shown (only ever fewer); for the headteacher survey
    # comments are only ever pooled across heads, never under a school.
    comment_school_ids = models.JSONField(default=list)
    comments_pooled = models.BooleanField(default=False)
    figures = models.JSONField(default=dict)
    frozen_on = models.DateField()
    score_threshold = models.PositiveSmallIntegerField()
    comment_threshold = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"Results of {self.wave}"


class ParticipationSnapshot(models.Model):
    """How many invitees of a group had answered, taken once a day while a wave is open
    (never live: watching a count tick over would say who had just answered). Shown
    only for groups of at least the wave's score threshold of invitees."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="participation")
    # None: the whole wave.
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, related_name="+")
    taken_on = models.DateField()
    invited = models.PositiveIntegerField()
    answered = models.PositiveIntegerField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["wave", "school"], name="surveys_participation_once"),
            models.UniqueConstraint(
                fields=["wave"],
                condition=Q(school__isnull=True),
                name="surveys_participation_wave_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Participation in {self.wave} on {self.taken_on}"


class Draft(models.Model):
    """A half-finished survey, sealed with a key that only the respondent's browser holds
    (a cookie). The row has no user, invitation or wave: without the cookie nobody can
    tell whose it is or read it. Deleted on submit and sign-out; purged when expired."""

    # HMAC of the browser's secret: the secret itself is never stored.
    id = models.CharField(primary_key=True, max_length=64)
    sealed = models.BinaryField()
    expires_on = models.DateField(db_index=True)

    def __str__(self) -> str:
        return "A saved draft"
