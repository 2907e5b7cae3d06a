"""Ofsted's framework, as data (evaluation areas and grade scales), and the provisional
outcome given at final feedback."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from .record import Inspection


class Framework(models.Model):
    """An inspection framework: its evaluation areas and grade scales. The one in force
    is the latest that has started."""

    name = models.CharField(max_length=200)
    starts_on = models.DateField(unique=True)

    class Meta:
        ordering = ("-starts_on",)

    def __str__(self) -> str:
        return self.name


class GradeScale(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="scales")
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class Grade(models.Model):
    scale = models.ForeignKey(GradeScale, on_delete=models.CASCADE, related_name="grades")
    label = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField()
    is_negative = models.BooleanField(
        default=False, help_text="A grade that opens a support plan for the head by default."
    )

    class Meta:
        ordering = ("scale", "order")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["scale", "label"], name="inspections_grade_unique")
        ]

    def __str__(self) -> str:
        return self.label


class EvaluationArea(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField()
    scale = models.ForeignKey(GradeScale, on_delete=models.PROTECT, related_name="areas")
    only_where = models.CharField(
        max_length=200, blank=True, help_text="When the area applies, if not always."
    )

    class Meta:
        ordering = ("framework", "order")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["framework", "name"], name="inspections_area_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ProvisionalGrade(models.Model):
    """Confidential until the report is published."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="provisional_grades"
    )
    area = models.ForeignKey(EvaluationArea, on_delete=models.PROTECT, related_name="+")
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ("area__order",)
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["inspection", "area"], name="inspections_one_grade_per_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.grade}"
