from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "spalk.health"
    label = "health"

    def ready(self) -> None:
        from spalk.health import handover  # noqa: F401  (registers the handover sections: missed doses, the shift's doses)
