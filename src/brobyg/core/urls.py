from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("partnership/", views.choose_partnership, name="choose_partnership"),
    path("kilder/", views.sources, name="sources"),
    path("settings/e-mail/", views.mail_settings, name="mail_settings"),
]
