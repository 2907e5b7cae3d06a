"""URLs of the inspections app, under the "inspections" namespace."""

from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("log/", views.notify, name="notify"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("guidance/<slug:slug>/", views.guidance, name="guidance"),
]
