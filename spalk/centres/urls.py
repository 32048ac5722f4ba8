from django.urls import path

from spalk.centres import views

app_name = "centres"
urlpatterns = [
    path("", views.centre_list, name="list"),
    path("new/", views.centre_create, name="create"),
    path("contact/", views.centre_contact, name="contact"),
    path("<int:centre_id>/", views.centre_edit, name="edit"),
    path("<int:centre_id>/active/", views.centre_set_active, name="set_active"),
]
