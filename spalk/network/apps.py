from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "spalk.network"
    label = "network"
