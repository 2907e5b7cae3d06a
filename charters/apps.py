from django.apps import AppConfig


class ChartersConfig(AppConfig):
    """Adopt a wellbeing charter, track every commitment to evidence, collect signatories and pledges."""

    name = "charters"
    verbose_name = "Charters"
