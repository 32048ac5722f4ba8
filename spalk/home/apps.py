from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "spalk.home"
    label = "home"
    verbose_name = "spalk start screen"

    def ready(self) -> None:
        # every installed app may have a ``home.py`` that registers start-screen work items
        from spalk.home.registry import autodiscover

        autodiscover()
