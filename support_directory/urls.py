"""URLs of the support directory, under the "support_directory" namespace."""

from django.urls import path

from . import views

app_name = "support_directory"

urlpatterns = [
    path("", views.index, name="index"),
    path("services/<int:pk>/", views.service_detail, name="service"),
    path("services/<int:pk>/edit/", views.service_edit, name="service_edit"),
    path("organisations/<slug:slug>/services/add/", views.service_add, name="service_add"),
    path("organisations/<slug:slug>/services/import/", views.service_import, name="service_import"),
]
