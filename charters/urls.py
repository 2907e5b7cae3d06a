"""URLs of the charters app, under the "charters" namespace."""

from django.urls import path

from . import views

app_name = "charters"

urlpatterns = [
    path("", views.charter_list, name="list"),
    path("adopt/<slug:slug>/", views.charter_adopt, name="adopt"),
    path("<int:pk>/", views.charter_detail, name="detail"),
    path("<int:pk>/public/", views.charter_public, name="public"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/versions/new/", views.version_start, name="version_start"),
    path("<int:pk>/draft/", views.draft, name="draft"),
    path(
        "<int:pk>/draft/commitments/<int:commitment_pk>/",
        views.commitment_edit,
        name="commitment_edit",
    ),
    path(
        "<int:pk>/draft/commitments/<int:commitment_pk>/move/",
        views.commitment_move,
        name="commitment_move",
    ),
    path(
        "<int:pk>/draft/commitments/<int:commitment_pk>/remove/",
        views.commitment_remove,
        name="commitment_remove",
    ),
    path("<int:pk>/signatories/add/", views.signatory_add, name="signatory_add"),
    path("<int:pk>/grid/", views.grid, name="grid"),
    path("<int:pk>/pledges/", views.pledges, name="pledges"),
    path("<int:pk>/schools/<int:school_pk>/", views.school_progress, name="school"),
    path(
        "<int:pk>/schools/<int:school_pk>/commitments/<slug:key>/",
        views.commitment_progress,
        name="commitment",
    ),
    path("actions/<int:action_pk>/done/", views.action_complete, name="action_complete"),
    path("evidence/<int:evidence_pk>/file/", views.evidence_file, name="evidence_file"),
    path("schools/<int:school_pk>/you-said-we-did/", views.staff_page, name="staff_page"),
    path("schools/<int:school_pk>/action-group/", views.action_group, name="action_group"),
]
