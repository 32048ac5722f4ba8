from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "spalk.intake"
    label = "intake"
