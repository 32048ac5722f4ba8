from django.apps import AppConfig


class StaysConfig(AppConfig):
    name = "spalk.stays"
    label = "stays"
