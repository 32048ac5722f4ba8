from django.urls import path

from spalk.stays import views

app_name = "stays"
urlpatterns = [
    path("", views.board, name="board"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("occupancy/", views.occupancy_report, name="occupancy"),
    path("occupancy/export.csv", views.occupancy_csv, name="occupancy_csv"),
    path("units/", views.units, name="units"),
    path("units/<int:unit_id>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:unit_id>/out-of-service/", views.out_of_service, name="out_of_service"),
]
