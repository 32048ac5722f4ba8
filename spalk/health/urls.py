from django.urls import path

from spalk.health import views

app_name = "health"
urlpatterns = [
    path("families/<int:family_id>/", views.family_health, name="family"),
    path("persons/<int:person_id>/", views.person_health, name="person"),
    path("persons/<int:person_id>/growth/", views.growth, name="growth"),
    path("persons/<int:person_id>/growth/new/", views.growth_new, name="growth_new"),
    path("persons/<int:person_id>/pregnancy/new/", views.pregnancy_new, name="pregnancy_new"),
    path("persons/<int:person_id>/consultations/new/", views.consultation_new, name="consultation_new"),
    path("persons/<int:person_id>/vaccinations/", views.vaccinations, name="vaccinations"),
    path("persons/<int:person_id>/entries/new/", views.entry_new, name="entry_new"),
    path("persons/<int:person_id>/allergies/new/", views.allergy_new, name="allergy_new"),
    path("persons/<int:person_id>/medications/new/", views.medication_new, name="medication_new"),
    path("persons/<int:person_id>/gordon/new/", views.gordon_new, name="gordon_new"),
    path("persons/<int:person_id>/summary.pdf", views.summary_pdf, name="summary_pdf"),
    path("pregnancies/<int:pregnancy_id>/", views.pregnancy, name="pregnancy"),
    path("pregnancies/<int:pregnancy_id>/birth/", views.birth_new, name="birth_new"),
    path("medications/<int:medication_id>/", views.medication, name="medication"),
    path("gordon/<int:assessment_id>/", views.gordon, name="gordon"),
]
