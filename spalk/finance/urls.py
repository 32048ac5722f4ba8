from django.urls import path

from spalk.finance import views, views_family

app_name = "finance"
urlpatterns = [
    path("", views.index, name="index"),
    path("quote/", views.quote, name="quote"),
    path("rates/", views.rate_list, name="rates"),
    path("rates/new/", views.rate_create, name="rate_create"),
    path("rates/<int:rate_id>/", views.rate_edit, name="rate_edit"),
    path("percentages/new/", views.percentage_create, name="percentage_create"),
    path("percentages/<int:percentage_id>/", views.percentage_edit, name="percentage_edit"),
    path("settings/", views.centre_settings, name="settings"),
    path("families/", views_family.family_list, name="families"),
    path("families/<int:family_id>/", views_family.family, name="family"),
    path("families/<int:family_id>/payers/new/", views_family.payer_add, name="payer_add"),
    path("families/<int:family_id>/reductions/new/", views_family.reduction_request, name="reduction_request"),
    path("families/<int:family_id>/payments/new/", views_family.payment_add, name="payment_add"),
    path("families/<int:family_id>/reminders/new/", views_family.reminder_create, name="reminder_create"),
    path("payers/<int:payer_id>/end/", views_family.payer_end, name="payer_end"),
    path("reductions/<int:reduction_id>/decide/", views_family.reduction_decide, name="reduction_decide"),
    path("statements/<int:statement_id>/pdf/", views_family.statement_pdf, name="statement_pdf"),
    path("reminders/<int:reminder_id>/pdf/", views_family.reminder_pdf, name="reminder_pdf"),
    path("runs/", views_family.runs, name="runs"),
    path("runs/<int:run_id>/export.csv", views_family.run_export, name="run_export"),
    path("runs/reminders/", views_family.reminders_queue, name="reminders_queue"),
    path("bank/", views_family.bank, name="bank"),
    path("payments/<int:payment_id>/assign/", views_family.payment_assign, name="payment_assign"),
]
