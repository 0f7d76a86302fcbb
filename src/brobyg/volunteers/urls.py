from django.urls import path

from . import views

app_name = "volunteers"

urlpatterns = [
    path("", views.volunteer_list, name="list"),
    path("export.xlsx", views.export, name="export"),
    path("new/", views.volunteer_create, name="create"),
    path("<int:pk>/", views.volunteer_detail, name="detail"),
    path("<int:pk>/edit/", views.volunteer_edit, name="edit"),
    path("<int:pk>/status/", views.volunteer_status, name="status"),
    path("<int:pk>/onboarding/", views.onboarding_add, name="onboarding_add"),
    path("<int:pk>/host/", views.host_add, name="host_add"),
    path("hosts/<int:pk>/end/", views.host_end, name="host_end"),
    path("<int:pk>/support/", views.support_add, name="support_add"),
    path("<int:pk>/recognition/", views.recognition_add, name="recognition_add"),
    path("join/", views.signup_choose, name="signup"),
    path("join/<int:partnership_id>/", views.signup, name="signup_form"),
    path("join/thanks/", views.signup_thanks, name="signup_thanks"),
    path("confirm/<str:token>/", views.confirm_email, name="confirm"),
    path("onboarding/", views.checklist_items, name="checklist_items"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/ask/", views.task_ask, name="task_ask"),
    path("tasks/<int:pk>/assign/", views.task_assign, name="task_assign"),
    path("asks/<int:pk>/answer/", views.ask_answer, name="ask_answer"),
    path("assignments/<int:pk>/end/", views.assignment_end, name="assignment_end"),
    path("follow-up/", views.due_list, name="due"),
    path("risk/", views.risk, name="risk"),
    path("channels/", views.channels, name="channels"),
    path("checklist/", views.assessments, name="assessments"),
    path("checklist/<int:pk>/", views.assessment, name="assessment"),
    path("me/", views.me, name="me"),
    path("me/calendar.ics", views.me_calendar, name="me_calendar"),
    path("me/availability/", views.me_availability, name="me_availability"),
    path("me/pause/", views.me_pause, name="me_pause"),
    path("me/visit/", views.me_visit, name="me_visit"),
]
