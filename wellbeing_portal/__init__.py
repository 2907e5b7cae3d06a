"""The Wellbeing Portal project package: settings, URLs, the Celery app and the core apps."""

from .celery import app as celery_app

__all__ = ["celery_app"]
