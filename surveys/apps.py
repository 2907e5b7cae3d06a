from django.apps import AppConfig


class SurveysConfig(AppConfig):
    """Anonymous staff wellbeing surveys whose results cannot identify anyone."""

    name = "surveys"
    verbose_name = "Surveys"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from .drafts import forget_on_sign_out

        # Signing out on a device deletes the survey drafts saved on it.
        user_logged_out.connect(forget_on_sign_out, dispatch_uid="surveys.drafts.sign_out")

        from wellbeing_portal.core import registry

        from . import privacy_hooks, report_section

        # What this app adds to governor reports and to a person's privacy operations.
        registry.report_sections.add(report_section.SECTION)
        registry.privacy_hooks.add(privacy_hooks.HOOKS)
