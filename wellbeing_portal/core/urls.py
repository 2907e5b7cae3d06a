"""The core's pages: the statements, where to get help now, the brand stylesheet and the
health probes. The root URLconf (`portal/urls.py`) serves them under the "core" namespace
together with the front door's home page and demo mailbox, so every page keeps its
`core:` name."""

from django.urls import path

from . import views
from .health import health, live

app_name = "core"

urlpatterns = [
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("help-now/", views.help_now, name="help_now"),
    path("brand.css", views.brand_css, name="brand_css"),
    path("health/", health, name="health"),
    path("health/live/", live, name="live"),
]
