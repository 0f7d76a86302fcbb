from django.urls import path

from . import views

app_name = "bridging"

urlpatterns = [
    path("ask/", views.ask, name="ask"),
    path("ask/thanks/", views.ask_thanks, name="ask_thanks"),
    path("referrals/", views.referral_list, name="referrals"),
    path("referrals/new/", views.referral_create, name="referral_new"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral"),
    path("referrals/<int:pk>/consent/", views.referral_consent, name="referral_consent"),
    path("referrals/<int:pk>/decline/", views.referral_decline, name="referral_decline"),
    path("citizens/", views.citizen_list, name="citizens"),
    path("citizens/review/", views.review, name="review"),
    path("citizens/<int:pk>/", views.citizen_detail, name="citizen"),
    path("citizens/<int:pk>/edit/", views.citizen_edit, name="citizen_edit"),
    path("citizens/<int:pk>/consent/", views.consent_new, name="consent_new"),
    path("citizens/<int:pk>/consent/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("citizens/<int:pk>/export/", views.citizen_export, name="citizen_export"),
    path("citizens/<int:pk>/erase/", views.citizen_erase, name="citizen_erase"),
    path("citizens/<int:pk>/keep/", views.review_keep, name="review_keep"),
    path("citizens/<int:pk>/roles/", views.citizen_roles, name="citizen_roles"),
    path("citizens/<int:pk>/wellbeing/", views.outcome_new, name="outcome_new"),
    path("citizens/<int:pk>/conversation/", views.conversation, name="conversation"),
    path("citizens/<int:pk>/conversation/<int:conversation_id>/", views.conversation, name="conversation_edit"),
    path("guide/", views.guide_detail, name="guide"),
    path("guide/<int:pk>/", views.guide_detail, name="guide_version"),
    path("guide/edit/", views.guide_edit, name="guide_edit"),
    path("journeys/<int:pk>/move/", views.journey_move, name="journey_move"),
    path("journeys/<int:pk>/first-visit/", views.journey_first_visit, name="journey_first_visit"),
    path("board/", views.board, name="board"),
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("follow-ups/<int:pk>/", views.follow_up_done, name="follow_up_done"),
]
