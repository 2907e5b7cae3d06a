"""URLs of the support directory app, under the "support_directory" namespace. Pages arrive with their issue."""

from django.urls import URLPattern

app_name = "support_directory"

urlpatterns: list[URLPattern] = []
