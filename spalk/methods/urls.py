from django.urls import path

from spalk.methods import views

app_name = "methods"
urlpatterns = [
    path("", views.method_list, name="list"),
    path("new/", views.method_create, name="create"),
    path("<int:method_id>/", views.method_edit, name="edit"),
]
