from django.apps import AppConfig


class ChartersConfig(AppConfig):
    """Adopt a wellbeing charter, track every commitment to evidence, collect signatories and pledges."""

    name = "charters"
    verbose_name = "Charters"

    def ready(self) -> None:
        from wellbeing_portal.core import registry

        from . import privacy_hooks, report_section

        # What this app adds to governor reports and to a person's privacy operations.
        registry.report_sections.add(report_section.SECTION)
        registry.privacy_hooks.add(privacy_hooks.HOOKS)
