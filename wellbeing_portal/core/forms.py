"""Helpers shared by the portal's forms."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

T = TypeVar("T")


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, if the form
    has that field, otherwise at the top (shown first in the error summary)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def form_page(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any],
    *,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], T],
    then: Callable[[T], HttpResponse],
    message: str | Callable[[T], str] = "",
) -> HttpResponse:
    """The portal's form page: on a valid POST, `save(cleaned_data)` (a service call);
    a ValidationError it raises goes on the form; otherwise the success `message` (text,
    or made from what `save` returned) and `then(result)`, usually a redirect. Otherwise
    the page, with the form in `form`, answered 400 when the form has errors."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            text = message(result) if callable(message) else message
            if text:
                messages.success(request, text)
            return then(result)
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)
