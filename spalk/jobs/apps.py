from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "spalk.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
