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
    path("buddies/", views.buddies, name="buddies"),
    path("buddies/offer/", views.buddy_profile, name="buddy_profile"),
    path("buddies/heads/<int:membership_pk>/", views.buddy_suggestions, name="buddy_suggestions"),
    path("buddies/heads/<int:membership_pk>/pair/", views.buddy_pair, name="buddy_pair"),
    path("buddies/pairings/<int:pk>/end/", views.buddy_end, name="buddy_end"),
    path("ofsted-contacts/", views.contacts, name="contacts"),
    path("resources/", views.resources, name="resources"),
    path("resources/share/", views.resource_share, name="resource_share"),
    path("resources/<int:pk>/moderate/", views.resource_moderate, name="resource_moderate"),
    path("resources/<int:pk>/helped/", views.resource_helped, name="resource_helped"),
    path("resources/<int:pk>/file/", views.resource_file, name="resource_file"),
]
