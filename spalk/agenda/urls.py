from django.urls import path

from spalk.agenda import views

app_name = "agenda"
urlpatterns = [
    path("", views.day, name="day"),
    path("week/", views.week, name="week"),
    path("families/<int:family_id>/new/", views.create, name="create"),
    path("appointments/<int:appointment_id>/", views.detail, name="detail"),
    path("appointments/<int:appointment_id>/edit/", views.edit, name="edit"),
    path("appointments/<int:appointment_id>/cancel/", views.cancel, name="cancel"),
    path("feed/", views.feed_settings, name="feed_settings"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
