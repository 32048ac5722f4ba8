from django.urls import include, path

from spalk.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("new/", views.staff_create, name="staff_create"),
    path("rights-changes/", views.rights_changes, name="rights_changes"),
    path("<int:user_id>/", views.staff_detail, name="staff_detail"),
    path("<int:user_id>/roles/", views.membership_add, name="membership_add"),
    path("<int:user_id>/active/", views.staff_set_active, name="staff_set_active"),
    path("<int:user_id>/second-factor/reset/", views.second_factor_reset, name="second_factor_reset"),
    path("<int:user_id>/password-link/", views.password_link, name="password_link"),
    path("roles/<int:membership_id>/end/", views.membership_end, name="membership_end"),
    path("me/", views.my_account, name="my_account"),
    path("me/tokens/", include("spalk.api.urls")),
]
