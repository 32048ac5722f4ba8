from django.urls import path

from spalk.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.events, name="events"),
    path("export.csv", views.export, name="export"),
    path("families/<int:family_id>/", views.family_access, name="family_access"),
    path("families/options/", views.family_options, name="family_options"),
    path("staff/options/", views.staff_options, name="staff_options"),
]
