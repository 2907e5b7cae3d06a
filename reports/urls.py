"""URLs of governor reports, under the "reports" namespace."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/download/", views.report_download, name="download"),
    path("schedule/<slug:slug>/", views.schedule, name="schedule"),
]
