from django.contrib import admin

from .models import Report, ReportSchedule


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "requested_by", "requested_at", "attempts")
    list_filter = ("status",)
    readonly_fields = ("file",)


admin.site.register(ReportSchedule)
