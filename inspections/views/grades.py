"""The provisional outcome: grades as given at final feedback, area by area."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from .. import selectors, services
from ..forms import OutcomeForm
from .common import record_for, record_form_page


@login_required
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, _ = record_for(request, pk, "can_update")
    framework = selectors.framework_for(inspection)
    if framework is None:
        raise Http404("No inspection framework covers this inspection's date.")
    areas = list(selectors.areas_for(framework))
    current = {g.area_id: g.grade_id for g in selectors.grades_for(inspection=inspection)}
    form = OutcomeForm(request.POST or None, areas=areas, current=current)
    return record_form_page(
        request,
        inspection,
        form=form,
        save=lambda _: services.outcome_save(
            inspection=inspection, grades=form.grades(), areas=areas
        ),
        done="Provisional outcome saved. It stays confidential until the report is published.",
        heading="Provisional outcome",
        intro=f"Grades as given at final feedback, under the {framework.name}. "
        "Confidential until the report is published; a grade that needs support opens "
        "a support plan for the head and leadership team.",
    )
