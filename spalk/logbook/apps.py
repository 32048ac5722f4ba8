from django.apps import AppConfig


class LogbookConfig(AppConfig):
    name = "spalk.logbook"
    label = "logbook"
