from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/remind/", views.round_remind, name="round_remind"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("rounds/<int:pk>/network/", views.network_page, name="network"),
    path("rounds/<int:pk>/network.svg", views.network_svg, name="network_svg"),
    path("invitations/<int:pk>/link/", views.invitation_link, name="invitation_link"),
    path("survey/<str:token>/", views.answer, name="answer"),
    path("interventions/", views.interventions, name="interventions"),
    path("interventions/<int:pk>/", views.intervention, name="intervention"),
    path("interventions/<int:pk>/diagram.svg", views.toc_svg, name="toc_svg"),
    path("elements/<int:pk>/edit/", views.element_edit, name="element_edit"),
    path("elements/<int:pk>/delete/", views.element_delete, name="element_delete"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("dashboard/report.pdf", views.export_pdf, name="export_pdf"),
]
