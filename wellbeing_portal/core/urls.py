from django.urls import path

from . import views
from .health import health, live

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("brand.css", views.brand_css, name="brand_css"),
    path("health/", health, name="health"),
    path("health/live/", live, name="live"),
    path("demo/mailbox/", views.demo_mailbox, name="demo_mailbox"),
]
