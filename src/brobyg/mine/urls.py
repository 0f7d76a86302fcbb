from django.urls import path

from . import views

app_name = "mine"

urlpatterns = [
    path("", views.page, name="page"),
    path("do/<str:action>/", views.act, name="act"),
    path("do/<str:action>/<int:pk>/", views.act, name="act_on"),
    path("citizens/<int:pk>/link/", views.send_link, name="send_link"),
    path("<str:token>/", views.enter, name="enter"),
]
