from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "spalk.partners"
    label = "partners"
