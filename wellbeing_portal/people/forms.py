from __future__ import annotations

from django import forms


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="Columns: name, email, school_urn, role. Saved as CSV UTF-8, up to 2 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
