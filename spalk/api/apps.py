from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "spalk.api"
    label = "api"
