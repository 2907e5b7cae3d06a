from __future__ import annotations

from typing import Any

from django import forms

from wellbeing_portal.people.models import Organisation, School

from .models import DOMAINS, BuddyProfile, OfstedContact, Service
from .services import EDITABLE_FIELDS

DOMAIN_CHOICES = [(d, d.title()) for d in DOMAINS]


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Kind of support", required=False, choices=[("", "Any kind"), *Service.Kind.choices]
    )
    audience = forms.ChoiceField(
        label="For", required=False, choices=[("", "Anyone"), *Service.Audience.choices]
    )
    domain = forms.ChoiceField(
        label="Wellbeing domain", required=False, choices=[("", "Any domain"), *DOMAIN_CHOICES]
    )
    scope = forms.ChoiceField(
        label="Offered", required=False, choices=[("", "Anywhere"), *Service.Scope.choices]
    )


class ServiceForm(forms.ModelForm):
    url = forms.URLField(label="Website", max_length=300, required=False, assume_scheme="https")
    domains_list = forms.MultipleChoiceField(
        label="Wellbeing domains it serves",
        choices=DOMAIN_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    school = forms.ModelChoiceField(
        label="Only for one school?",
        queryset=School.objects.none(),
        required=False,
        empty_label="No: for the whole organisation",
    )

    class Meta:
        model = Service
        fields = EDITABLE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school = self.fields["school"]
        assert isinstance(school, forms.ModelChoiceField)
        school.queryset = schools
        if self.instance.pk:
            self.initial["domains_list"] = self.instance.domain_list
            self.initial["school"] = self.instance.school


class ServiceImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="Columns: name, kind, description, and any of provider, audience, phone, "
        "text_number, email, url, hours, cost, commissioned, crisis, domains, tags, school_urn.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class BuddyProfileForm(forms.ModelForm):
    school = forms.ModelChoiceField(label="Your school", queryset=School.objects.none())

    class Meta:
        model = BuddyProfile
        fields = (
            "school",
            "ofsted_experience",
            "experience_note",
            "capacity",
            "available",
            "availability",
            "profile",
        )
        widgets = {"profile": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school = self.fields["school"]
        assert isinstance(school, forms.ModelChoiceField)
        school.queryset = schools


class OfstedContactForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(
        label="For which organisation?", queryset=Organisation.objects.none(), empty_label=None
    )

    class Meta:
        model = OfstedContact
        fields = ("name", "experience", "phone", "email", "when_available")

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        only = list(organisations[:2])
        if len(only) == 1:  # a lead of one organisation is not asked which
            field.widget = forms.HiddenInput()
            self.initial["organisation"] = only[0].pk


class ResourceForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    description = forms.CharField(
        label="What it is and how it helped", widget=forms.Textarea(attrs={"rows": 4})
    )
    tags = forms.CharField(
        label="Tags",
        max_length=200,
        required=False,
        help_text="Words others might search for, separated by commas.",
    )
    url = forms.URLField(label="A link", required=False, assume_scheme="https")
    file = forms.FileField(
        label="Or a file",
        required=False,
        help_text="PDF, Word, Excel, PowerPoint, an image or a text file, up to 10 MB.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("url")) == bool(data.get("file")):
            raise forms.ValidationError("Give a link or a file: one of them.")
        return data
