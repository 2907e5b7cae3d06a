"""Pages for managing people: the wellbeing lead's staff import."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wellbeing_portal.core.csv_export import safe_writer
from wellbeing_portal.core.csv_import import ImportRejected

from .forms import StaffImportForm
from .models import User
from .policy import organisation_led_get_for_user
from .selectors import schools_of_organisation
from .services import STAFF_IMPORT_COLUMNS, staff_import

# The template's example row: plainly an example, at the organisation's first school.
EXAMPLE_NAME = "Alex Example"
EXAMPLE_EMAIL = "alex.example@example.org"


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
            "schools": schools_of_organisation(organisation),
        },
        status=400 if problems else 200,
    )


@login_required
@require_GET
def staff_import_template(request: HttpRequest, slug: str) -> HttpResponse:
    """A CSV to fill in: the import's columns and one example row at one of the
    organisation's schools, to be replaced by real people before uploading."""
    organisation = organisation_led_get_for_user(user=request.user, slug=slug)
    school = schools_of_organisation(organisation).first()
    out = io.StringIO()
    writer = safe_writer(out)
    writer.writerow(STAFF_IMPORT_COLUMNS)
    example = {
        "name": EXAMPLE_NAME,
        "email": EXAMPLE_EMAIL,
        "school_urn": school.urn if school else "100000",
        "role": "staff",
    }
    writer.writerow(example[column] for column in STAFF_IMPORT_COLUMNS)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="staff-import.csv"'
    return response
