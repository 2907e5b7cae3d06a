"""Forms for charters: each validates input at the edge; services enforce the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from wellbeing_portal.people.models import User

from .models import ActionGroupMember, ProgressStatus
from .template_data import DOMAIN_LABELS, TEMPLATES


class DateInput(forms.DateInput):
    input_type = "date"


class AdoptForm(forms.Form):
    template_key = forms.ChoiceField(
        label="Which charter?",
        widget=forms.RadioSelect,
        choices=[(t.key, t.title) for t in TEMPLATES],
    )
    adopted_on = forms.DateField(label="Date adopted", widget=DateInput)
    review_on = forms.DateField(label="Date of the next review", widget=DateInput)

    def __init__(self, *args: Any, taken: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["template_key"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(t.key, t.title) for t in TEMPLATES if t.key not in (taken or set())]
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("adopted_on", today)
            self.initial.setdefault("review_on", today + dt.timedelta(days=365))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        adopted, review = data.get("adopted_on"), data.get("review_on")
        if adopted and review and review <= adopted:
            self.add_error("review_on", "The review date must be after the adoption date.")
        return data


class VersionAdoptForm(forms.Form):
    adopted_on = forms.DateField(label="Date adopted", widget=DateInput)
    review_on = forms.DateField(label="Date of the next review", widget=DateInput)
    note = forms.CharField(label="What changed in this version?", max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        adopted, review = data.get("adopted_on"), data.get("review_on")
        if adopted and review and review <= adopted:
            self.add_error("review_on", "The review date must be after the adoption date.")
        return data


class CommitmentForm(forms.Form):
    title = forms.CharField(label="Commitment", max_length=200)
    description = forms.CharField(
        label="What keeping it looks like", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CommitmentAddForm(CommitmentForm):
    domains = forms.MultipleChoiceField(
        label="Which wellbeing domains does it serve?",
        choices=list(DOMAIN_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )


class SignatoryForm(forms.Form):
    organisation_name = forms.CharField(label="Organisation", max_length=200)
    signer_name = forms.CharField(label="Name of the person who signed", max_length=200)
    signer_role = forms.CharField(label="Their role", max_length=200)
    signed_on = forms.DateField(label="Date signed", widget=DateInput)

    def clean_signed_on(self) -> dt.date:
        signed_on: dt.date = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise forms.ValidationError("The signing date cannot be in the future.")
        return signed_on


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=ProgressStatus.choices, widget=forms.RadioSelect
    )
    owner: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label="Owner", queryset=User.objects.none(), required=False, empty_label="Nobody yet"
    )
    reviewed = forms.BooleanField(label="I have reviewed this today", required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = people


class ActionForm(forms.Form):
    title = forms.CharField(label="Action", max_length=200)
    owner: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label="Owner", queryset=User.objects.none(), required=False, empty_label="Nobody yet"
    )
    due_on = forms.DateField(label="Due date", widget=DateInput)
    for_staff = forms.BooleanField(
        label="Show it to staff on the 'You said, we did' page", required=False
    )
    staff_summary = forms.CharField(
        label="What staff told you and what you are doing (shown to staff)",
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = people

    def clean_due_on(self) -> dt.date:
        due_on: dt.date = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError("The due date cannot be in the past.")
        return due_on


class EvidenceForm(forms.Form):
    note = forms.CharField(
        label="A note",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="On its own, or to say what a link or file shows.",
    )
    url = forms.URLField(label="A link", required=False, assume_scheme="https")
    file = forms.FileField(
        label="Or a file",
        required=False,
        help_text="PDF, Word, Excel, PowerPoint, an image or a text file, up to 10 MB.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("url") and data.get("file"):
            # A browser never keeps a chosen file across a refused form: say so.
            raise forms.ValidationError(
                "Give a link or a file, not both: add the other as a second piece of "
                "evidence. Choose the file again if it is the one you want."
            )
        if not any(data.get(f) for f in ("note", "url", "file")):
            raise forms.ValidationError("Give a note, a link or a file.")
        return data


class ActionGroupMemberForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    role = forms.ChoiceField(label="Who they are", choices=ActionGroupMember.Role.choices)
