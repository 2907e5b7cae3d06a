from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting plumbing every app stands on: health, brand, statements, middleware,
    uploads, CSV import and export, form helpers. It imports no app above it."""

    name = "wellbeing_portal.core"
    label = "core"
    verbose_name = "Portal"
