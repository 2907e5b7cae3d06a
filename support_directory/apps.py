from django.apps import AppConfig


class SupportDirectoryConfig(AppConfig):
    """Support services, buddies for heads, people with Ofsted experience, shared resources."""

    name = "support_directory"
    verbose_name = "Support directory"

    def ready(self) -> None:
        from wellbeing_portal.core import registry

        from . import privacy_hooks, report_section

        # What this app adds to governor reports and to a person's privacy operations.
        registry.report_sections.add(report_section.SECTION)
        registry.privacy_hooks.add(privacy_hooks.HOOKS)
