from django.urls import path

from . import views, views_inclusion

app_name = "directory"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("staff/", views.staff_list, name="staff_list"),
    path("mine/", views.mine, name="mine"),
    path("stale/", views.mine, name="stale"),
    path("new/", views.create, name="create"),
    path("import/", views.spreadsheet_import, name="import"),
    path("inclusion/", views_inclusion.inclusion_checks, name="inclusion"),
    path("inclusion/new/", views_inclusion.inclusion_check_new, name="inclusion_new"),
    path("import/template.xlsx", views.spreadsheet_template, name="import_template"),
    path("import/hsds/", views.hsds_import, name="hsds_import"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/flyer.pdf", views.flyer, name="flyer"),
    path("<int:pk>/calendar.ics", views.activity_ical, name="activity_ical"),
    path("organisation/<int:pk>/calendar.ics", views.organisation_ical, name="organisation_ical"),
]
