from django.urls import path

from spalk.finance import views

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
]
