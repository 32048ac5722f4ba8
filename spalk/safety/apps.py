from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "spalk.safety"
    label = "safety"
