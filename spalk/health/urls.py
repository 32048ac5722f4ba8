from django.urls import path

from spalk.health import views, views_corrections
from spalk.health.corrections import KINDS

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
    path("persons/<int:person_id>/milestones/", views_corrections.milestones, name="milestones"),
    path("medications/<int:medication_id>/edit/", views_corrections.medication_edit, name="medication_edit"),
    path("medications/<int:medication_id>/stop/", views_corrections.medication_stop, name="medication_stop"),
    path("allergies/<int:allergy_id>/end/", views_corrections.allergy_end, name="allergy_end"),
]
# one correction mechanism for every kind of record: /health/<kind>/<id>/error/ and …/withhold/
for _kind in KINDS.values():
    urlpatterns.append(path(f"{_kind.slug}/<int:{_kind.kwarg}>/error/", views_corrections.record_error,
                            {"kind": _kind.slug}, name=f"{_kind.slug}_error"))
    if _kind.withholdable:
        urlpatterns.append(path(f"{_kind.slug}/<int:{_kind.kwarg}>/withhold/", views_corrections.record_withhold,
                                {"kind": _kind.slug}, name=f"{_kind.slug}_withhold"))

