from django.apps import AppConfig


class CentresConfig(AppConfig):
    name = "spalk.centres"
    label = "centres"
