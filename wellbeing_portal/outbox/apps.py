from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """Every email is first a row here, then sent by a periodic task with retries."""

    name = "wellbeing_portal.outbox"
    label = "outbox"
    verbose_name = "Outbox"
