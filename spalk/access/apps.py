from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "spalk.access"
    label = "access"
