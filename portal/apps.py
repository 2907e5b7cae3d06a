from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The site's front door: the root URLs, the home page for each role, the context
    every page is drawn with, and the demo mailbox. It stands above every app: the home
    page reads charters, surveys and inspections through their selectors."""

    name = "portal"
    label = "portal"
    verbose_name = "Front door"
