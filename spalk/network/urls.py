from django.urls import path

from spalk.network import views

app_name = "network"
urlpatterns = [
    path("support-forms/", views.support_forms, name="support_forms"),
    path("families/<int:family_id>/", views.family_network, name="family"),
    path("families/<int:family_id>/suggestions/", views.suggestions, name="suggestions"),
    path("families/<int:family_id>/consents/new/", views.consent_create, name="consent_create"),
    path("families/<int:family_id>/share/", views.share_create, name="share"),
    path("families/<int:family_id>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("families/<int:family_id>/referrals/new/", views.referral_create, name="referral_create"),
    path("consents/<int:consent_id>/", views.consent_detail, name="consent"),
    path("consents/<int:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("shares/<int:share_id>/file.pdf", views.share_file, name="share_file"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("agreements/<int:agreement_id>/done/", views.agreement_done, name="agreement_done"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral"),
    path("signals/", views.signals, name="signals"),
    path("signals/figures/", views.signal_figures, name="signal_figures"),
    path("signals/export.csv", views.signal_export, name="signal_export"),
]
