"""Forms for surveys: each validates input at the edge; services enforce the rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet

from wellbeing_portal.people.models import Role, School

from .models import (
    DEFAULT_THRESHOLD,
    MIN_SCORE_THRESHOLD,
    STAFF_ROLE_GROUPS,
    Item,
    RoleGroup,
    Survey,
    Wave,
)

INVITABLE_ROLES = [
    (Role.STAFF.value, "Staff"),
    (Role.HEADTEACHER.value, "Headteachers"),
    (Role.SCHOOL_LEADER.value, "School leaders"),
    (Role.WELLBEING_CHAMPION.value, "Wellbeing champions"),
]


class DateInput(forms.DateInput):
    input_type = "date"


class WaveForm(forms.Form):
    title = forms.CharField(
        label="Name of the wave", max_length=200, help_text="For example, Autumn 2026 staff survey."
    )
    survey: forms.ModelChoiceField[Survey] = forms.ModelChoiceField(
        label="Survey", queryset=Survey.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    schools: forms.ModelMultipleChoiceField[School] = forms.ModelMultipleChoiceField(
        label="Schools", queryset=School.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    roles = forms.MultipleChoiceField(
        label="Who is invited", choices=INVITABLE_ROLES, widget=forms.CheckboxSelectMultiple
    )
    opens_on = forms.DateField(label="Opens on", widget=DateInput)
    closes_on = forms.DateField(label="Closes on", widget=DateInput)
    score_threshold = forms.IntegerField(
        label="Smallest group whose scores are shown",
        min_value=MIN_SCORE_THRESHOLD,
        max_value=50,
        initial=DEFAULT_THRESHOLD,
        help_text="At least 3. Respondents are told this before they start.",
    )
    comment_threshold = forms.IntegerField(
        label="Smallest group whose comments are shown",
        min_value=MIN_SCORE_THRESHOLD,
        max_value=50,
        initial=DEFAULT_THRESHOLD,
        help_text="At least the group size for scores. Some organisations use 10.",
    )
    reminder_dates = forms.CharField(
        label="Reminder dates (optional)",
        required=False,
        help_text="Dates as YYYY-MM-DD separated by commas, on weekdays. Leave empty for "
        "halfway through and two days before closing.",
    )

    def __init__(
        self, *args: Any, surveys: QuerySet[Survey], schools: QuerySet[School], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = surveys  # type: ignore[attr-defined]
        self.fields["schools"].queryset = schools  # type: ignore[attr-defined]

    def clean_reminder_dates(self) -> list[dt.date] | None:
        raw = self.cleaned_data["reminder_dates"].strip()
        if not raw:
            return None
        days = []
        for part in raw.split(","):
            try:
                days.append(dt.date.fromisoformat(part.strip()))
            except ValueError:
                raise forms.ValidationError(
                    f"'{part.strip()}' is not a date like 2026-12-01."
                ) from None
        return days

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes <= opens:
            self.add_error("closes_on", "The closing date must be after the opening date.")
        score, comment = data.get("score_threshold"), data.get("comment_threshold")
        if score and comment and comment < score:
            self.add_error(
                "comment_threshold",
                "The group size for comments cannot be below the one for scores.",
            )
        return data


class ThresholdsForm(forms.Form):
    score_threshold = forms.IntegerField(
        label="Smallest group whose scores are shown", min_value=MIN_SCORE_THRESHOLD, max_value=50
    )
    comment_threshold = forms.IntegerField(
        label="Smallest group whose comments are shown", min_value=MIN_SCORE_THRESHOLD, max_value=50
    )


@dataclass(frozen=True)
class Choice:
    id: str
    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class Question:
    """One radio question, ready for `surveys/_response_fields.html`."""

    name: str
    legend: str
    hint: str
    error: str
    choices: list[Choice]
    small: bool

    @property
    def described_by(self) -> str:
        ids = [f"id_{self.name}_hint"] if self.hint else []
        return " ".join(ids + ([f"id_{self.name}_error"] if self.error else []))


class OptionField(forms.Field):
    """One of a fixed list of (value, label) options, drawn as radios by the survey's own
    template. A ChoiceField normalises its choices each time one is made; the survey form
    makes one field per statement on every request, so this one keeps the list given."""

    widget = forms.RadioSelect
    default_error_messages = {"invalid_choice": "Choose one of the answers given."}

    def __init__(self, *, options: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.options = options
        self.values = {value for value, _ in options}

    def to_python(self, value: Any) -> str:
        return "" if value in self.empty_values else str(value)

    def validate(self, value: str) -> None:
        super().validate(value)
        if value and value not in self.values:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )


class ResponseForm(forms.Form):
    """One radio question per item, the respondent's role group, and an optional comment.

    The view passes every posted `item_*` value to the service too, so that a tampered
    form (an unknown item) is refused there as well as here.

    The survey page is the one that thousands of staff open in the same hour, so it is
    drawn by one template from `questions()` rather than field by field through crispy.
    The markup is GOV.UK's radios, with the first radio's id `id_<name>_1` as on every
    other form (the error summary links there).
    """

    def __init__(
        self,
        *args: Any,
        wave: Wave,
        items: list[Item],
        only: Collection[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._build(wave, items)
        if only is not None:  # one step of the survey (surveys.steps)
            for name in [name for name in self.fields if name not in only]:
                del self.fields[name]

    def _build(self, wave: Wave, items: list[Item]) -> None:
        instrument = wave.survey.instrument
        labels = instrument.scale_labels or [
            str(v) for v in range(instrument.scale_min, instrument.scale_max + 1)
        ]
        scale = [(str(instrument.scale_min + i), label) for i, label in enumerate(labels)]
        if wave.survey.kind == Survey.Kind.HEADTEACHER:
            groups = [(RoleGroup.HEADTEACHER.value, RoleGroup.HEADTEACHER.label)]
        else:
            groups = [(g.value, g.label) for g in STAFF_ROLE_GROUPS]
        self.fields["role_group"] = OptionField(
            label="Which best describes your job?",
            options=groups,
            help_text="Results are shown by these groups only when a group is large enough.",
            error_messages={
                "required": "Choose the description that fits your job best.",
                "invalid_choice": "Choose the description that fits your job best.",
            },
        )
        for item in items:
            self.fields[f"item_{item.pk}"] = OptionField(
                label=item.text,
                options=scale,
                error_messages={
                    "required": f"Answer the statement: {item.text}",
                    "invalid_choice": "Choose one of the answers given.",
                },
            )
        if wave.survey.asks_comment:
            self.fields["comment"] = forms.CharField(
                label="Is there anything else you want to tell us? (optional)",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text="Do not write names, yours or anyone else's. Comments are shown only "
                "for groups large enough, and can be redacted before anyone reads them.",
            )

    def questions(self) -> list[Question]:
        """The role group, then one question per statement (small radios under a bold
        legend, so that a long survey stays readable), each with its current answer."""
        out = []
        for name, field in self.fields.items():
            if not isinstance(field, OptionField):
                continue
            current = str(self[name].value() or "")
            errors = self.errors.get(name) if self.is_bound else None
            out.append(
                Question(
                    name=name,
                    legend=str(field.label),
                    hint=str(field.help_text),
                    error=str(errors[0]) if errors else "",
                    choices=[
                        Choice(f"id_{name}_{n}", value, str(label), value == current)
                        for n, (value, label) in enumerate(field.options, start=1)
                    ],
                    small=name != "role_group",
                )
            )
        return out

    def answers(self) -> dict[str, str]:
        return {k.removeprefix("item_"): v for k, v in self.data.items() if k.startswith("item_")}

    def labels(self) -> dict[str, tuple[str, dict[str, str]]]:
        """Each field's label and its options' labels, for the check-answers page."""
        return {
            name: (
                str(field.label),
                {v: str(text) for v, text in field.options}
                if isinstance(field, OptionField)
                else {},
            )
            for name, field in self.fields.items()
        }


class InstrumentImportForm(forms.Form):
    file = forms.FileField(
        label="Instrument file (JSON or CSV)", help_text="Up to 1 MB. See the documented format."
    )
    key = forms.SlugField(label="Short key (CSV only)", required=False, max_length=60)
    name = forms.CharField(label="Instrument name (CSV only)", required=False, max_length=200)
    scale_min = forms.IntegerField(
        label="Lowest point of the scale (CSV only)",
        required=False,
        initial=1,
        min_value=0,
        max_value=10,
    )
    scale_max = forms.IntegerField(
        label="Highest point of the scale (CSV only)",
        required=False,
        initial=5,
        min_value=1,
        max_value=10,
    )
    scale_labels = forms.CharField(
        label="Labels of the scale, lowest first, separated by commas (CSV only)",
        required=False,
        max_length=500,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload and upload.name.lower().endswith(".csv"):
            for name in ("key", "name", "scale_min", "scale_max", "scale_labels"):
                if data.get(name) in (None, ""):
                    self.add_error(name, "A CSV file needs this; a JSON file carries it itself.")
            low, high = data.get("scale_min"), data.get("scale_max")
            labels = [p.strip() for p in (data.get("scale_labels") or "").split(",") if p.strip()]
            if low is not None and high is not None:
                if high <= low:
                    self.add_error("scale_max", "The highest point must be above the lowest.")
                elif labels and len(labels) != high - low + 1:
                    self.add_error(
                        "scale_labels", f"Give {high - low + 1} labels, one for each point."
                    )
            data["labels"] = labels
        elif upload and not upload.name.lower().endswith(".json"):
            self.add_error("file", "Choose a .json or .csv file.")
        return data


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label="Your receipt code", max_length=20, help_text="For example, ABCDE-23456."
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="Your reply", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RedactForm(forms.Form):
    redacted_text = forms.CharField(
        label="What staff and heads will read instead",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Remove names and anything else that could identify someone.",
    )


class SurveyActionForm(forms.Form):
    commitment_key = forms.ChoiceField(
        label="Which charter commitment does it serve?", widget=forms.RadioSelect
    )
    title = forms.CharField(label="Action", max_length=200)
    due_on = forms.DateField(label="Due date", widget=DateInput)
    for_staff = forms.BooleanField(
        label="Show it to staff on the 'You said, we did' page", required=False
    )
    staff_summary = forms.CharField(
        label="What staff told you and what you are doing (shown to staff)",
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, commitments: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commitment_key"].choices = commitments  # type: ignore[attr-defined]


class ItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Item) -> str:
        return f"{obj.domain.label}: {obj.text}"


class SurveyBuildForm(forms.Form):
    name = forms.CharField(label="Name of the survey", max_length=200)
    kind = forms.ChoiceField(
        label="Who is it for?", choices=Survey.Kind.choices, widget=forms.RadioSelect
    )
    items = ItemChoiceField(
        label="Statements to include",
        queryset=Item.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Keep it short: ten to twenty statements take staff about ten minutes.",
    )

    def __init__(self, *args: Any, items: QuerySet[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items  # type: ignore[attr-defined]
