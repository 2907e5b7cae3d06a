"""URLs of the inspections app, under the "inspections" namespace. Pages arrive with their issue."""

from django.urls import URLPattern

app_name = "inspections"

urlpatterns: list[URLPattern] = []
