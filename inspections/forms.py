from __future__ import annotations

from typing import Any

from django import forms

from wellbeing_portal.people.models import School

from .models import Inspection, InspectionGuidance


class NotificationForm(forms.ModelForm):
    """Short on purpose: a head fills it in on a phone in under a minute."""

    school = forms.ModelChoiceField(
        label="School", queryset=School.objects.none(), empty_label=None
    )

    class Meta:
        model = Inspection
        fields = (
            "school",
            "call_received_at",
            "inspection_type",
            "expected_start",
            "expected_days",
            "lead_inspector",
            "senior_inspector_number",
            "worries",
        )
        widgets = {
            "call_received_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "expected_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
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
        fields = ("our_support", "raising_concerns", "pausing", "sharing_outcome")
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}
