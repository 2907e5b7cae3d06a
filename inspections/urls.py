"""URLs of the inspections app, under the "inspections" namespace."""

from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("log/", views.notify, name="notify"),
    path("board/", views.board, name="board"),
    path("buddying/", views.buddying, name="buddying"),
    path("buddying/<int:pk>/check-in/", views.buddy_check_in, name="buddy_check_in"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("guidance/<slug:slug>/", views.guidance, name="guidance"),
    path("protocol/<slug:slug>/", views.protocol, name="protocol"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/what-happens-now/", views.what_now, name="what_now"),
    path("<int:pk>/phase/", views.phase, name="phase"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/contacts/new/", views.contact_new, name="contact_new"),
    path("<int:pk>/details/", views.details, name="details"),
    path("<int:pk>/dates/", views.dates, name="dates"),
    path("<int:pk>/requests/new/", views.request_new, name="request_new"),
    path("<int:pk>/requests/<int:request_pk>/", views.request_decide, name="request_decide"),
    path("<int:pk>/outcome/", views.outcome, name="outcome"),
    path("<int:pk>/concerns/new/", views.concern_new, name="concern_new"),
    path("<int:pk>/concerns/<int:concern_pk>/", views.concern_detail, name="concern"),
    path("<int:pk>/support-plan/", views.support_plan, name="support_plan"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/learning-review/", views.learning_review, name="learning_review"),
    path("<int:pk>/audit/", views.audit, name="audit"),
]
