from django.urls import path

from spalk.families import views

app_name = "families"
urlpatterns = [
    path("", views.family_list, name="list"),
    path("new/", views.family_create, name="create"),
    path("<int:family_id>/", views.family_detail, name="detail"),
    path("<int:family_id>/edit/", views.family_edit, name="edit"),
    path("<int:family_id>/members/new/", views.member_add, name="member_add"),
    path("<int:family_id>/persons/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("<int:family_id>/history/", views.family_history_view, name="history"),
]
