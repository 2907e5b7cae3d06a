from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Privacy operations: the retention purge, erasure of a person, a person's own data."""

    name = "privacy"
    label = "privacy"
    verbose_name = "Privacy operations"
