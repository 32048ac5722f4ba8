from django.urls import path

from spalk.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.registration_list, name="registration_list"),
    path("new/", views.registration_create, name="create"),
    path("waiting-list/", views.waiting_list, name="waiting_list"),
    path("modules/", views.module_list, name="modules"),
    path("modules/new/", views.module_edit, name="module_create"),
    path("modules/<int:module_id>/edit/", views.module_edit, name="module_edit"),
    path("<int:registration_id>/", views.registration_detail, name="detail"),
    path("<int:registration_id>/edit/", views.registration_edit, name="edit"),
    path("<int:registration_id>/status/", views.registration_transition, name="transition"),
    path("<int:registration_id>/members/new/", views.member_add, name="member_add"),
    path("<int:registration_id>/members/<int:member_id>/edit/", views.member_edit, name="member_edit"),
    path("<int:registration_id>/members/<int:member_id>/consent/", views.member_consent, name="member_consent"),
    path("<int:registration_id>/members/<int:member_id>/link/", views.member_link, name="member_link"),
    path("<int:registration_id>/screening/", views.screening_edit, name="screening"),
    path("<int:registration_id>/access-route/", views.access_route, name="access_route"),
    path("<int:registration_id>/a-document/new/", views.a_document_edit, name="a_document_create"),
    path("<int:registration_id>/a-document/<int:adoc_id>/", views.a_document_detail, name="a_document"),
    path("<int:registration_id>/a-document/<int:adoc_id>/edit/", views.a_document_edit, name="a_document_edit"),
    path("<int:registration_id>/a-document/<int:adoc_id>/pdf/", views.a_document_pdf, name="a_document_pdf"),
    path("<int:registration_id>/waiting/priority/", views.waiting_priority, name="waiting_priority"),
    path("<int:registration_id>/waiting/contacts/", views.waiting_contact, name="waiting_contact"),
]
