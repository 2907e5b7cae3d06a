from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    """Log an Ofsted notification, tell the right people, follow the before / during / after protocol."""

    name = "inspections"
    verbose_name = "Inspections"
