"""Pages for managing people: the wellbeing lead's staff import."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wellbeing_portal.core.csv_import import ImportRejected

from .forms import StaffImportForm
from .models import User
from .policy import organisation_led_get_for_user
from .services import STAFF_IMPORT_COLUMNS, staff_import


@login_required
def staff_import_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a CSV of staff; every row is checked and either all are imported or none."""
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    assert isinstance(request.user, User)
    form = StaffImportForm(request.POST or None, request.FILES or None)
    problems = []
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = staff_import(
                organisation=organisation,
                file=form.cleaned_data["file"],
                imported_by=request.user,
            )
        except ImportRejected as error:
            problems = error.problems
            form.add_error(
                "file",
                "The file was not imported. Correct the problems listed and upload it again.",
            )
        else:
            form = StaffImportForm()
    return render(
        request,
        "people/staff_import.html",
        {
            "organisation": organisation,
            "form": form,
            "problems": problems,
            "result": result,
            "columns": STAFF_IMPORT_COLUMNS,
        },
        status=400 if problems else 200,
    )
