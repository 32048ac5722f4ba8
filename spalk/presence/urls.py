from django.urls import path

from spalk.presence import views

app_name = "presence"
urlpatterns = [
    path("", views.check, name="check"),
    path("stays/<int:stay_id>/<str:night>/", views.record, name="record"),
    path("units/<int:unit_id>/<str:night>/all-present/", views.all_present, name="all_present"),
    path("families/<int:family_id>/", views.family_presence, name="family"),
]
