from django.urls import path

from spalk.access import views

app_name = "access"
urlpatterns = [
    path("break-glass/", views.break_glass, name="break_glass"),
    path("break-glass/overview/", views.break_glass_list, name="break_glass_list"),
    path("break-glass/<int:grant_id>/reviewed/", views.break_glass_mark_reviewed, name="break_glass_reviewed"),
    path("break-glass/<int:grant_id>/end/", views.break_glass_end, name="break_glass_end"),
    path("families/<int:family_id>/team/", views.team, name="team"),
]
