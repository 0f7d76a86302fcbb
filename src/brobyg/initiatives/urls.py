from django.urls import path

from . import activities, views

app_name = "initiatives"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("idea/", views.idea_public, name="idea_public"),
    path("idea/thanks/", views.idea_thanks, name="idea_thanks"),
    path("ideas/", views.ideas, name="ideas"),
    path("ideas/new/", views.idea_new, name="idea_new"),
    path("ideas/<int:pk>/", views.idea_detail, name="idea"),
    path("ideas/<int:pk>/edit/", views.idea_edit, name="idea_edit"),
    path("ideas/<int:pk>/status/", views.idea_status, name="idea_status"),
    path("ideas/<int:pk>/note/", views.idea_note, name="idea_note"),
    path("ideas/<int:pk>/cause/", views.idea_cause, name="idea_cause"),
    path("ideas/<int:pk>/erase/", views.idea_erase, name="idea_erase"),
    path("ideas/<int:pk>/activity/", activities.idea_activity, name="idea_activity"),
    path("activities/", activities.ladder, name="ladder"),
    path("activities/<int:pk>/", activities.activity_panel, name="activity"),
    path("hosting/", activities.my_hosting, name="my_hosting"),
    path("plan/", views.plan_links, name="plan_links"),
    path("causes/", views.causes, name="causes"),
    path("causes/new/", views.cause_new, name="cause_new"),
    path("causes/<int:pk>/", views.cause_detail, name="cause"),
    path("causes/<int:pk>/edit/", views.cause_edit, name="cause_edit"),
    path("stories/", views.stories, name="stories"),
    path("stories/new/", views.story_new, name="story_new"),
    path("stories/<int:pk>/", views.story_detail, name="story"),
    path("stories/<int:pk>/withdraw/", views.story_withdraw, name="story_withdraw"),
    path("stories/<int:pk>/photo/", views.story_photo, name="story_photo"),
    path("logbook/", views.logbook, name="logbook"),
    path("assessments/", views.assessments, name="assessments"),
    path("assessments/<int:pk>/", views.assessment_results, name="assessment"),
    path("assessments/<int:pk>/answer/", views.assessment_answer, name="assessment_answer"),
]
