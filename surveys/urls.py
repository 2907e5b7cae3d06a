"""URLs of the surveys app, under the "surveys" namespace."""

from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("organisations/<slug:slug>/waves/new/", views.wave_create, name="wave_create"),
    path(
        "organisations/<slug:slug>/instruments/import/",
        views.instrument_import,
        name="instrument_import",
    ),
    path("organisations/<slug:slug>/surveys/new/", views.survey_build, name="survey_build"),
    path("waves/<int:pk>/", views.wave_detail, name="wave_detail"),
    path("waves/<int:pk>/open/", views.wave_open, name="wave_open"),
    path("waves/<int:pk>/close/", views.wave_close, name="wave_close"),
    path("waves/<int:pk>/publish/", views.wave_publish, name="wave_publish"),
    path("waves/<int:pk>/links/<int:school_pk>/qr.svg", views.open_link_qr, name="open_link_qr"),
    path("waves/<int:pk>/answer/", views.take_mine, name="take_mine"),
    path("waves/<int:pk>/results/", views.results_organisation, name="results"),
    path("waves/<int:pk>/results.csv", views.results_csv, name="results_csv"),
    path(
        "waves/<int:pk>/results/schools/<int:school_pk>/",
        views.results_school,
        name="results_school",
    ),
    path(
        "waves/<int:pk>/results/schools/<int:school_pk>/domains/<slug:domain>/action/",
        views.action_create,
        name="action_create",
    ),
    path("comments/<int:pk>/reply/", views.comment_reply, name="comment_reply"),
    path("comments/<int:pk>/redact/", views.comment_redact, name="comment_redact"),
    path("replies/<int:pk>/release/", views.reply_release, name="reply_release"),
    path("i/<str:token>/", views.take_invitation, name="take_invitation"),
    path("answer/", views.take_invited, name="take_invited"),
    path("o/<str:token>/", views.take_open, name="take_open"),
    path("receipt/", views.reply_lookup, name="receipt"),
]
