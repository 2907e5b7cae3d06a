from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm
from django import forms


class PortalLoginForm(LoginForm):
    """allauth's sign-in form without placeholders, which GOV.UK advises against
    (they vanish as you type and are often mistaken for a filled-in value)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="Columns: name, email, school_urn, role. Saved as CSV UTF-8, up to 2 MB. "
        "Only a senior officer or a platform admin can give the headteacher or school leader "
        "role, and nobody can give it to themselves.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
