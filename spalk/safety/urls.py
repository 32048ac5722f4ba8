from django.urls import path

from spalk.safety import views, views_corrections, views_kindreflex

app_name = "safety"
urlpatterns = [
    path("families/<int:family_id>/", views.family, name="family"),
    path("families/<int:family_id>/history/", views.history, name="history"),
    path("families/<int:family_id>/plan/new/", views.plan_create, name="plan_create"),
    path("plans/<int:safety_plan_id>/", views.plan, name="plan"),
    path("plans/<int:safety_plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:safety_plan_id>/end/", views.plan_end, name="plan_end"),
    path("plans/<int:safety_plan_id>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("plans/<int:safety_plan_id>/persons/new/", views.person_add, name="person_add"),
    path("persons/<int:safety_person_id>/edit/", views.person_edit, name="person_edit"),
    path("families/<int:family_id>/restrictions/new/", views.restriction_create, name="restriction_create"),
    path("restrictions/<int:restriction_id>/edit/", views.restriction_edit, name="restriction_edit"),
    path("restrictions/<int:restriction_id>/end/", views.restriction_end, name="restriction_end"),
    path("families/<int:family_id>/mappings/new/", views.mapping_create, name="mapping_create"),
    path("mappings/<int:mapping_id>/", views.mapping, name="mapping"),
    path("mappings/<int:mapping_id>/edit/", views.mapping_edit, name="mapping_edit"),
    path("mappings/<int:mapping_id>/entries/", views.entry_add, name="entry_add"),
    path("mappings/<int:mapping_id>/scores/", views.score_add, name="score_add"),
    path("entries/<int:entry_id>/correct/", views_corrections.entry_correct, name="entry_correct"),
    path("entries/<int:entry_id>/remove/", views_corrections.entry_remove, name="entry_remove"),
    path("entries/<int:entry_id>/withhold/", views_corrections.entry_withhold, name="entry_withhold"),
    path("scores/<int:score_id>/correct/", views_corrections.score_correct, name="score_correct"),
    path("scores/<int:score_id>/remove/", views_corrections.score_remove, name="score_remove"),
    path("mappings/<int:mapping_id>/review/", views.mapping_review, name="mapping_review"),
    path("mappings/<int:mapping_id>/close/", views.mapping_close, name="mapping_close"),
    path("families/<int:family_id>/kindreflex/new/", views_kindreflex.start, name="procedure_start"),
    path("kindreflex/<int:procedure_id>/", views_kindreflex.procedure, name="procedure"),
    path("kindreflex/<int:procedure_id>/steps/<int:step>/", views_kindreflex.step, name="step"),
    path("kindreflex/<int:procedure_id>/consultations/new/", views_kindreflex.consultation, name="consultation"),
    path("kindreflex/<int:procedure_id>/partners/", views_kindreflex.partners, name="partners"),
    path("kindreflex/<int:procedure_id>/close/", views_kindreflex.close, name="close"),
]
