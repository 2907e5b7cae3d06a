from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    """Log an Ofsted notification, tell the right people, follow the protocol."""

    name = "inspections"
    verbose_name = "Inspections"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Inspection, InspectionGuidance

        # Confidential records: who created, changed and read each one.
        auditlog.register(Inspection)
        auditlog.register(InspectionGuidance)
