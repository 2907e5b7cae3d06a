"""Template helpers shared by every form page."""

from __future__ import annotations

from django import forms, template

register = template.Library()


@register.filter
def error_anchor(field: forms.BoundField | str) -> str:
    """The id an error summary link should point to: the field itself, or for radios and
    checkboxes its first option (`id_<name>_1`, as our radio markup numbers them). A form
    without visible fields gives '' (the template's missing first field)."""
    if not isinstance(field, forms.BoundField):
        return ""
    if isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_1"
    return str(field.auto_id)
