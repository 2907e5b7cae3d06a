"""The GOV.UK error summary links each error to the control it is about."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string


class _Choices(forms.Form):
    colour = forms.ChoiceField(choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect)
    days = forms.MultipleChoiceField(
        choices=[("mon", "Monday")], widget=forms.CheckboxSelectMultiple
    )
    name = forms.CharField()


class _NoVisibleFields(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, object]:
        raise forms.ValidationError("Something went wrong with the whole form.")


def test_errors_link_to_the_first_option_of_radios_and_checkboxes() -> None:
    form = _Choices(data={})
    html = render_to_string("components/error_summary.html", {"form": form})
    assert 'href="#id_colour_1"' in html  # crispy-forms-gds numbers options from 1
    assert 'href="#id_days_1"' in html
    assert 'href="#id_name"' in html


def test_a_form_without_visible_fields_still_shows_its_error() -> None:
    form = _NoVisibleFields(data={})
    html = render_to_string("components/error_summary.html", {"form": form})
    assert "Something went wrong with the whole form." in html
    assert 'href="#"' in html


class _Contact(forms.Form):
    channel = forms.ChoiceField(choices=[("call", "Call")], widget=forms.RadioSelect)
    who_with = forms.CharField(label="Who with")
    when = forms.DateField(label="When did Ofsted call?")
    note = forms.CharField(max_length=3)


def test_the_summary_names_each_missing_answer_instead_of_repeating_one_message() -> None:
    form = _Contact(data={"note": "too long"})
    html = render_to_string("components/error_summary.html", {"form": form})
    assert "This field is required." not in html
    assert "Choose channel" in html
    assert "Enter who with" in html
    assert "Answer “When did Ofsted call?”" in html
    # Any other message is listed as it is.
    assert "Ensure this value has at most 3 characters" in html
