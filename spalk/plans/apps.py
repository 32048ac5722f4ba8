from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "spalk.plans"
    label = "plans"
