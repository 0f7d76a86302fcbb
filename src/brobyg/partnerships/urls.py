from django.urls import path

from . import views

app_name = "partnerships"
urlpatterns = [
    path("overview/", views.workspace, name="workspace"),  # "/partnership/" itself is core:choose_partnership
    path("actors/", views.actors, name="actors"),
    path("actors/new/", views.actor_new, name="actor_new"),
    path("actors/<int:pk>/edit/", views.actor_edit, name="actor_edit"),
    path("actors/<int:pk>/remove/", views.actor_remove, name="actor_remove"),
    path("actors/<int:pk>/contacts/new/", views.contact_new, name="contact_new"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
    path("phases/", views.phases, name="phases"),
    path("phases/new/", views.phase_item_new, name="phase_item_new"),
    path("phases/<int:pk>/", views.phase_item_edit, name="phase_item_edit"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/actions/", views.action_new, name="action_new"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("agreement/", views.agreement, name="agreement"),
    path("agreement/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreement/<int:pk>/", views.agreement_version, name="agreement_version"),
    path("agreement/<int:pk>/pdf/", views.agreement_pdf, name="agreement_pdf"),
    path("ratings/", views.ratings, name="ratings"),
    path("ratings/new/", views.rating_new, name="rating_new"),
    path("ratings/<int:pk>/", views.rating_detail, name="rating"),
]
