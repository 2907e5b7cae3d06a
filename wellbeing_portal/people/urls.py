from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("organisations/<slug:slug>/staff/import/", views.staff_import_view, name="staff_import"),
    path(
        "organisations/<slug:slug>/staff/import/template.csv",
        views.staff_import_template,
        name="staff_import_template",
    ),
]
