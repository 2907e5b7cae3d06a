"""Writes about the outcome: the provisional grades given at final feedback."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import selectors
from ..models import EvaluationArea, Grade, Inspection, ProvisionalGrade
from .aftercare import support_plan_open
from .guard import record_write


def _grades_wanted(
    inspection: Inspection, grades: dict[int, int | None], areas: list[EvaluationArea]
) -> list[ProvisionalGrade]:
    """The grades given, checked against the areas and their scales (unsaved)."""
    by_area = {area.pk: area for area in areas}
    wanted: list[ProvisionalGrade] = []
    for area_id, grade_id in grades.items():
        area = by_area.get(area_id)
        if area is None:
            raise ValidationError("That evaluation area is not in this inspection's framework.")
        if grade_id is None:
            continue
        grade = Grade.objects.filter(pk=grade_id, scale_id=area.scale_id).first()
        if grade is None:
            raise ValidationError(f"{area.name}: choose a grade from its scale.")
        wanted.append(ProvisionalGrade(inspection=inspection, area=area, grade=grade))
    return wanted


@record_write
@transaction.atomic
def outcome_save(
    *, inspection: Inspection, grades: dict[int, int | None], areas: list[EvaluationArea]
) -> list[ProvisionalGrade]:
    """The provisional outcome, area by area (empty: not graded or does not apply). A
    negative grade opens a support plan for the head and leadership team."""
    Inspection.objects.select_for_update().filter(pk=inspection.pk).first()
    wanted = _grades_wanted(inspection, grades, areas)
    # Changed in place, not deleted and made again, so the audit log keeps each change.
    current = {g.area_id: g for g in inspection.provisional_grades.all()}
    for given in wanted:
        saved = current.pop(given.area_id, None)
        if saved is None:
            given.save()
        elif saved.grade_id != given.grade_id:
            saved.grade = given.grade
            saved.save(update_fields=["grade"])
    for gone in current.values():
        gone.delete()
    negative = [g.area.name for g in wanted if g.grade.is_negative]
    if negative and selectors.support_plan_of(inspection) is None:
        support_plan_open(
            inspection=inspection,
            reason="Provisional outcome: " + ", ".join(f"{a}" for a in negative),
        )
    return wanted
