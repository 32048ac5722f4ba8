from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "spalk.search"
    label = "search"
