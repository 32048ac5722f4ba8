from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "spalk.core"
    label = "core"
    verbose_name = "spalk"
