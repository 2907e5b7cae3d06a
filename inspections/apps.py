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
