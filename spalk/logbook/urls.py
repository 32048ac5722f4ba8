from django.urls import path

from spalk.logbook import views, views_shift

app_name = "logbook"
urlpatterns = [
    path("", views.index, name="index"),
    path("house/notes/", views.house_note_create, name="house_note_create"),
    path("families/<int:family_id>/", views.family_logbook, name="family"),
    path("families/<int:family_id>/notes/", views.note_create, name="note_create"),
    path("families/<int:family_id>/care-moments/", views.care_moments, name="care_moments"),
    path("families/<int:family_id>/care-moments/new/", views.care_moment_create, name="care_moment_create"),
    path("notes/<int:note_id>/", views.note_detail, name="note_detail"),
    path("notes/<int:note_id>/correct/", views.note_correct, name="note_correct"),
    path("notes/<int:note_id>/withhold/", views.note_withhold, name="note_withhold"),
    path("notes/<int:note_id>/attachments/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("handover/", views_shift.handover_current, name="handover_current"),
    path("handovers/new/", views_shift.handover_create, name="handover_create"),
    path("handovers/<int:handover_id>/", views_shift.handover_detail, name="handover"),
    path("handovers/<int:handover_id>/edit/", views_shift.handover_edit, name="handover_edit"),
    path("handovers/<int:handover_id>/read/", views_shift.handover_read, name="handover_read"),
    path("tasks/new/", views_shift.task_create, name="task_create"),
    path("tasks/<int:task_id>/done/", views_shift.task_done, name="task_done"),
    path("incidents/", views_shift.incident_list, name="incidents"),
    path("incidents/new/", views_shift.incident_create, name="incident_create"),
    path("incidents/<int:incident_id>/", views_shift.incident_detail, name="incident_detail"),
    path("incidents/<int:incident_id>/follow-up/", views_shift.incident_follow_up, name="incident_follow_up"),
    path("incidents/<int:incident_id>/close/", views_shift.incident_close, name="incident_close"),
]
