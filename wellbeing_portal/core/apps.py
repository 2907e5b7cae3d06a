from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting pages and plumbing: home, health, brand, MFA enforcement, static pages."""

    name = "wellbeing_portal.core"
    label = "core"
    verbose_name = "Portal"
