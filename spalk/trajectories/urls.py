from django.urls import path

from spalk.trajectories import views

app_name = "trajectories"
urlpatterns = [
    path("families/<int:family_id>/admit/", views.admit, name="admit"),
    path("families/<int:family_id>/supporters/new/", views.supporter_add, name="supporter_add"),
    path("settings/", views.centre_settings, name="centre_settings"),
    path("<int:trajectory_id>/", views.detail, name="detail"),
    path("<int:trajectory_id>/close/", views.close, name="close"),
    path("<int:trajectory_id>/reopen/", views.reopen, name="reopen"),
    path("<int:trajectory_id>/residence/", views.residence, name="residence"),
    path("<int:trajectory_id>/home/", views.home, name="home"),
    path("<int:trajectory_id>/phase/", views.phase, name="phase"),
    path("<int:trajectory_id>/modules/new/", views.episode_add, name="episode_add"),
    path("modules/<int:episode_id>/end/", views.episode_end, name="episode_end"),
    path("stays/<int:allocation_id>/departure/", views.stay_end, name="stay_end"),
    path("supporters/<int:supporter_id>/end/", views.supporter_end, name="supporter_end"),
    path("supporters/<int:supporter_id>/intensity/", views.intensity, name="intensity"),
]
