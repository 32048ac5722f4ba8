from django.apps import AppConfig


class MethodsConfig(AppConfig):
    name = "spalk.methods"
    label = "methods"
