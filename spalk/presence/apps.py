from django.apps import AppConfig


class PresenceConfig(AppConfig):
    name = "spalk.presence"
    label = "presence"
