from django.urls import path

from . import views

app_name = "tokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("<int:pk>/revoke/", views.token_revoke, name="revoke"),
    path("calendar/renew/", views.calendar_renew, name="calendar_renew"),
    path("calendar/<str:key>.ics", views.calendar_feed, name="calendar_feed"),
]
