from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    """Log an Ofsted notification, tell the right people, follow the protocol."""

    name = "inspections"
    verbose_name = "Inspections"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # Confidential records: who created, changed and read each one, and every part
        # of the record that officers, heads and chairs write.
        for model in (
            models.Inspection,
            models.InspectionGuidance,
            models.Contact,
            models.Concern,
            models.ConcernAction,
            models.InspectionRequest,
            models.ProvisionalGrade,
            models.SupportPlan,
            models.FeedbackForm,
            models.LearningReview,
            models.ProtocolVersion,
        ):
            auditlog.register(model)

        from wellbeing_portal.core import registry

        from . import privacy_hooks, report_section

        # What this app adds to governor reports and to a person's privacy operations.
        registry.report_sections.add(report_section.SECTION)
        registry.privacy_hooks.add(privacy_hooks.HOOKS)
