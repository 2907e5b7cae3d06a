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
