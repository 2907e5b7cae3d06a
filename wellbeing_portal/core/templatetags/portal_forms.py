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


_CHOOSING = (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.Select, forms.CheckboxInput)


@register.filter
def summary_message(error: str, field: forms.BoundField) -> str:
    """An error as the error summary lists it. Django's "This field is required." says
    nothing there when several fields have it, so it names the field instead, as GOV.UK
    asks: "Choose channel", "Enter who with", or for a question, "Answer “When did …?”"."""
    generic = field.field.error_messages.get("required")
    if str(error) != str(generic):
        return str(error)
    label = str(field.label or field.name).strip()
    if label.endswith("?"):
        return f"Answer “{label}”"
    verb = "Choose" if isinstance(field.field.widget, _CHOOSING) else "Enter"
    return f"{verb} {label[:1].lower()}{label[1:]}"
