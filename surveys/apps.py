from django.apps import AppConfig


class SurveysConfig(AppConfig):
    """Anonymous staff wellbeing surveys whose results cannot identify anyone."""

    name = "surveys"
    verbose_name = "Surveys"
