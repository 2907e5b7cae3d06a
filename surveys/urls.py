"""URLs of the surveys app, under the "surveys" namespace. Pages arrive with their issue."""

from django.urls import URLPattern

app_name = "surveys"

urlpatterns: list[URLPattern] = []
