from django.apps import AppConfig


class SupportDirectoryConfig(AppConfig):
    """Support services, buddies for heads, people with Ofsted experience, shared resources."""

    name = "support_directory"
    verbose_name = "Support directory"
