"""The API token screens ("Mijn API-tokens"), mounted under /staff/me/tokens/ by spalk.accounts.urls."""

from django.urls import path

from spalk.api import views

app_name = "tokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("new/", views.token_create, name="create"),
    path("<int:token_id>/revoke/", views.token_revoke, name="revoke"),
]
