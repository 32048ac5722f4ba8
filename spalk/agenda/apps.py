from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "spalk.agenda"
    label = "agenda"
