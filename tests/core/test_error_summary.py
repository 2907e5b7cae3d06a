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
