from __future__ import annotations

from typing import Any

from django import forms

from .periods import Period
from .selectors import Scopes


class ReportRequestForm(forms.Form):
    """What the report is about and which period; only choices the user may ask for."""

    about = forms.ChoiceField(label="What should the report cover?", widget=forms.RadioSelect)
    period = forms.ChoiceField(label="Which period?", widget=forms.RadioSelect)

    def __init__(
        self, *args: Any, scopes: Scopes, periods: list[Period], offer: Period, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        about: list[tuple[str, str]] = [
            (f"organisation:{o.pk}", f"The whole of {o.name}") for o in scopes.organisations
        ]
        about += [(f"school:{s.pk}", s.name) for s in scopes.schools]
        self.fields["about"].choices = about  # type: ignore[attr-defined]
        self.fields["period"].choices = [(p.key, p.label) for p in periods]  # type: ignore[attr-defined]
        if len(about) == 1:
            self.initial["about"] = about[0][0]
        self.initial.setdefault("period", offer.key)
