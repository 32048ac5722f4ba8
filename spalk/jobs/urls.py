from django.urls import path

from spalk.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.failed, name="failed"),
    path("<int:job_id>/retry/", views.retry, name="retry"),
]
