from django.contrib import admin
from django.http import HttpRequest

from . import models


@admin.register(models.Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ("school", "inspection_type", "expected_start", "phase", "call_received_at")
    list_filter = ("phase", "inspection_type")

    def has_change_permission(
        self, request: HttpRequest, obj: models.Inspection | None = None
    ) -> bool:
        """A closed record is final here too: a senior officer reopens it in the portal,
        giving a reason (services.inspection_reopen)."""
        if obj is not None and obj.phase == models.Inspection.Phase.CLOSED:
            return False
        return super().has_change_permission(request, obj)


class StepInline(admin.TabularInline):
    model = models.ProtocolStep
    extra = 0


@admin.register(models.ProtocolVersion)
class ProtocolVersionAdmin(admin.ModelAdmin):
    """Read the versions here; change the protocol in the portal, which makes a new one."""

    list_display = ("organisation", "number", "created_at", "created_by")
    inlines = (StepInline,)


class GradeInline(admin.TabularInline):
    model = models.Grade
    extra = 0


@admin.register(models.GradeScale)
class GradeScaleAdmin(admin.ModelAdmin):
    list_display = ("name", "framework")
    inlines = (GradeInline,)


class AreaInline(admin.TabularInline):
    model = models.EvaluationArea
    extra = 0


@admin.register(models.Framework)
class FrameworkAdmin(admin.ModelAdmin):
    """A new Ofsted framework is a new row here, with its scales and areas."""

    list_display = ("name", "starts_on")
    inlines = (AreaInline,)


@admin.register(models.FeedbackQuestion)
class FeedbackQuestionAdmin(admin.ModelAdmin):
    list_display = ("inspection_type", "order", "text")
    list_filter = ("inspection_type",)


admin.site.register(models.InspectionGuidance)
