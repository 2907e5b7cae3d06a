from django.contrib import admin
from django.http import HttpRequest

from .models import Report, ReportSchedule


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "requested_by", "requested_at", "attempts")
    list_filter = ("status",)
    readonly_fields = ("file",)

    def has_change_permission(self, request: HttpRequest, obj: Report | None = None) -> bool:
        """A built report is final: asking again builds a new one."""
        if obj is not None and obj.status == Report.Status.READY:
            return False
        return super().has_change_permission(request, obj)


admin.site.register(ReportSchedule)
