from django.apps import AppConfig


class TrajectoriesConfig(AppConfig):
    name = "spalk.trajectories"
    label = "trajectories"
