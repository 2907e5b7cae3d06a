from django.contrib import admin

from .models import Inspection, InspectionGuidance


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ("school", "inspection_type", "expected_start", "phase", "call_received_at")
    list_filter = ("phase", "inspection_type")


admin.site.register(InspectionGuidance)
