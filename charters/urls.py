"""URLs of the charters app, under the "charters" namespace. Pages arrive with their issue."""

from django.urls import URLPattern

app_name = "charters"

urlpatterns: list[URLPattern] = []
