from __future__ import annotations

from typing import Any

from django import forms

from wellbeing_portal.people.models import User
from wellbeing_portal.people.policy import AnyUser, people_erasable_by


class EraseFindForm(forms.Form):
    email = forms.EmailField(
        label="Email address of the person to erase",
        help_text="Their work email address, which is their login.",
    )

    def __init__(self, *args: Any, by: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by = by
        self.person: User | None = None

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        self.person = people_erasable_by(self.by).filter(email__iexact=email).first()
        if self.person is None:
            # The same answer whether or not the address exists elsewhere.
            raise forms.ValidationError(
                "Nobody you can erase has this email address. People who also work for "
                "another organisation are erased by a platform administrator."
            )
        return email


class EraseConfirmForm(forms.Form):
    confirmation = forms.CharField(
        label="Type ERASE to confirm",
        help_text="This cannot be undone.",
        max_length=10,
    )

    def clean_confirmation(self) -> str:
        typed: str = self.cleaned_data["confirmation"].strip()
        if typed != "ERASE":
            raise forms.ValidationError("Type ERASE in capital letters to erase this person.")
        return typed
