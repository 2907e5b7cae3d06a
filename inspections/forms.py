from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from wellbeing_portal.people.models import School

from .models import (
    Concern,
    ConcernAction,
    Contact,
    EvaluationArea,
    ExpectedContact,
    Inspection,
    InspectionGuidance,
    InspectionRequest,
    LearningReview,
    ProtocolStep,
    ProtocolVersion,
    SupportPlan,
)
from .services.aftercare import LEARNING_REVIEW_FIELDS, SUPPORT_PLAN_FIELDS
from .services.record import DATE_FIELDS, DETAIL_FIELDS, GUIDANCE_FIELDS


class RadiosWithoutBlank:
    """Radios for a required choice: no "---------" option."""

    fields: dict[str, forms.Field]

    def _drop_blank_radios(self) -> None:
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField) and isinstance(field.widget, forms.RadioSelect):
                field.choices = [(v, label) for v, label in field.widget.choices if v != ""]


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NotificationForm(forms.ModelForm):
    """Short on purpose: a head fills it in on a phone in under a minute."""

    school = forms.ModelChoiceField(
        label="School", queryset=School.objects.none(), empty_label=None
    )

    class Meta:
        model = Inspection
        fields = ("school", *DETAIL_FIELDS, "worries")
        widgets = {
            "call_received_at": DATETIME,
            "expected_start": DATE,
            "inspection_type": forms.RadioSelect,
            "expected_days": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 5}),
            "senior_inspector_number": forms.TextInput(
                attrs={"type": "tel", "autocomplete": "off"}
            ),
            "worries": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school = self.fields["school"]
        assert isinstance(school, forms.ModelChoiceField)
        school.queryset = schools
        only = list(schools[:2])
        if len(only) == 1:  # a head with one school is not asked which
            school.widget = forms.HiddenInput()
            self.initial["school"] = only[0].pk


class GuidanceForm(forms.ModelForm):
    class Meta:
        model = InspectionGuidance
        fields = GUIDANCE_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}


class ExpectedContactField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        due = f" (due {timezone.localtime(obj.due_at):%a %d %b %H:%M})" if obj.due_at else ""
        return f"{obj.step.description}{due}"


class ContactForm(RadiosWithoutBlank, forms.ModelForm):
    answers = ExpectedContactField(
        label="Which expected contact this was",
        queryset=ExpectedContact.objects.none(),
        required=False,
        empty_label="None of them",
        help_text="Choose the item on the timeline this contact fulfils, if any.",
    )

    class Meta:
        model = Contact
        fields = (
            "answers",
            "happened_at",
            "with_whom",
            "channel",
            "phase",
            "notes",
            "wellbeing_flag",
        )
        widgets = {
            "happened_at": DATETIME,
            "channel": forms.RadioSelect,
            "phase": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._drop_blank_radios()
        answers = self.fields["answers"]
        assert isinstance(answers, forms.ModelChoiceField)
        open_items = inspection.expected_contacts.filter(done_at__isnull=True).select_related(
            "step"
        )
        answers.queryset = open_items
        # Officers log contacts, and a contact is with the head: start from the head's
        # name and the phase the record is in (or the phase of the item being answered).
        self.initial.setdefault("with_whom", inspection.head.full_name)
        asked = _int_or_none(self.initial.get("answers"))
        item = open_items.filter(pk=asked).first() if asked is not None else None
        self.initial.setdefault("phase", item.step.phase if item else contact_phase(inspection))


def contact_phase(inspection: Inspection) -> str:
    """The contact phase (before, during, after) a record's phase falls in."""
    if inspection.phase in (Inspection.Phase.DURING, Inspection.Phase.AFTER):
        return str(inspection.phase)
    if inspection.phase == Inspection.Phase.CLOSED:
        return str(Inspection.Phase.AFTER)
    return str(Inspection.Phase.BEFORE)


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class BuddyCheckInForm(RadiosWithoutBlank, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ("happened_at", "channel", "notes", "wellbeing_flag")
        widgets = {
            "happened_at": DATETIME,
            "channel": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "notes": "Anything the head's support team should know (optional; the head's "
            "officers and chair of governors can read it)"
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._drop_blank_radios()


class DetailsForm(RadiosWithoutBlank, forms.ModelForm):
    """What was logged about the call, to correct it."""

    class Meta:
        model = Inspection
        fields = DETAIL_FIELDS
        widgets = NotificationForm.Meta.widgets

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._drop_blank_radios()


class DatesForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = DATE_FIELDS
        widgets = {
            "final_feedback_at": DATETIME,
            "draft_report_received_on": DATE,
            "report_published_on": DATE,
        }


class RequestForm(RadiosWithoutBlank, forms.ModelForm):
    class Meta:
        model = InspectionRequest
        fields = ("kind", "requested_by", "requested_at", "reason")
        widgets = {
            "kind": forms.RadioSelect,
            "requested_by": forms.RadioSelect,
            "requested_at": DATETIME,
            "reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._drop_blank_radios()


class RequestDecisionForm(forms.Form):
    outcome = forms.ChoiceField(choices=InspectionRequest.Outcome.choices, widget=forms.RadioSelect)
    outcome_note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OutcomeForm(forms.Form):
    """One choice per evaluation area of the inspection's framework."""

    def __init__(
        self, *args: Any, areas: list[EvaluationArea], current: dict[int, int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for area in areas:
            label = area.name + (f" ({area.only_where})" if area.only_where else "")
            self.fields[f"area_{area.pk}"] = forms.TypedChoiceField(
                label=label,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "Not graded or does not apply")]
                + [(g.pk, g.label) for g in area.scale.grades.all()],
                initial=current.get(area.pk),
            )

    def grades(self) -> dict[int, int | None]:
        return {int(name.removeprefix("area_")): value for name, value in self.cleaned_data.items()}


class ConcernForm(RadiosWithoutBlank, forms.ModelForm):
    class Meta:
        model = Concern
        fields = ("category", "severity", "description")
        widgets = {
            "category": forms.RadioSelect,
            "severity": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._drop_blank_radios()


class ConcernActionForm(forms.ModelForm):
    class Meta:
        model = ConcernAction
        fields = ("description", "owner", "due_on")
        widgets = {"due_on": DATE}
        labels = {"description": "Action", "owner": "Who will do it"}

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = people


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label="How was it resolved?", widget=forms.Textarea(attrs={"rows": 4})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why are you reopening the record?",
        help_text="Everyone who can read the record sees it there, and the audit log keeps it.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why you are reopening the record."},
    )


class SupportPlanForm(forms.ModelForm):
    class Meta:
        model = SupportPlan
        fields = SUPPORT_PLAN_FIELDS
        widgets = {
            "plan": forms.Textarea(attrs={"rows": 6}),
            "agreed_with_governors_on": DATE,
            "closed_on": DATE,
        }
        labels = {"reason": "Why there is a plan"}


class FeedbackFormForm(forms.Form):
    """The organisation's questions for this type of inspection."""

    def __init__(
        self, *args: Any, questions: list[str], answers: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for index, question in enumerate(questions):
            self.fields[f"q{index}"] = forms.CharField(
                label=question,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=answers.get(question, ""),
            )

    def answers(self) -> dict[str, str]:
        return {q: self.cleaned_data[f"q{i}"] for i, q in enumerate(self.questions)}


class LearningReviewForm(forms.ModelForm):
    class Meta:
        model = LearningReview
        fields = LEARNING_REVIEW_FIELDS
        widgets = {
            "held_on": DATE,
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "what_happened": forms.Textarea(attrs={"rows": 4}),
            "what_helped": forms.Textarea(attrs={"rows": 3}),
            "what_we_will_change": forms.Textarea(attrs={"rows": 4}),
        }


class ProtocolSettingsForm(forms.ModelForm):
    class Meta:
        model = ProtocolVersion
        fields = ("escalation_grace_hours",)
        widgets = {
            "escalation_grace_hours": forms.NumberInput(
                attrs={"inputmode": "numeric", "min": 1, "max": 72}
            )
        }


class ProtocolStepForm(forms.ModelForm):
    class Meta:
        model = ProtocolStep
        fields = ("phase", "description", "responsible", "offset", "unit", "anchor", "condition")
        widgets = {
            "offset": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 60}),
            "description": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"offset": "Due after", "unit": "in", "anchor": "counted from"}


ProtocolStepFormSet = forms.formset_factory(
    ProtocolStepForm, extra=1, can_delete=True, max_num=60, validate_max=True
)
