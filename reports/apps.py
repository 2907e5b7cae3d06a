from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Governor accountability reports: a PDF per school or organisation, built in the
    background from the sections the apps register (`wellbeing_portal/core/registry.py`)."""

    name = "reports"
    label = "reports"
    verbose_name = "Governor reports"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Report, ReportSchedule

        # Reports hold confidential figures: requests, changes and downloads are logged.
        auditlog.register(Report, exclude_fields=["file"])
        auditlog.register(ReportSchedule)

        from wellbeing_portal.core import registry

        from . import privacy_hooks

        # What this app adds to a person's privacy operations.
        registry.privacy_hooks.add(privacy_hooks.HOOKS)
