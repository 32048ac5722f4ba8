from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "spalk.families"
    label = "families"
